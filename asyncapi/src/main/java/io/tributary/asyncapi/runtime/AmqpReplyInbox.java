package io.tributary.asyncapi.runtime;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.amqp.AmqpSetupException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A {@link ReplyInbox} on RabbitMQ: a queue consumed on the inbox's own connection, with automatic
 * acknowledgement (a reply is of use only to a waiting request). Either a server-named queue per inbox
 * (exclusive, deleted with the connection: what a request names in its reply-address header), or one fixed
 * queue (the reply channel's address; declared durable when missing). Replies are matched by the AMQP
 * {@code correlation_id} property, else the header {@link Publication#CORRELATION_HEADER}.
 *
 * <p>A fixed queue is for one requester: several consuming it would take each other's replies.
 */
public final class AmqpReplyInbox implements ReplyInbox {

  private final Connection connection;
  private final Channel channel;
  private final String queue;
  private final String where;
  private final AtomicBoolean closing = new AtomicBoolean();

  private AmqpReplyInbox(Connection connection, Channel channel, String queue, String where) {
    this.connection = connection;
    this.channel = channel;
    this.queue = queue;
    this.where = where;
  }

  /**
   * Connects and declares a server-named, exclusive, auto-delete queue for the replies.
   *
   * @param settings the broker
   * @return the inbox, not consuming yet
   * @throws AmqpSetupException when the broker cannot be reached or refuses the queue
   */
  public static AmqpReplyInbox serverNamed(AmqpConnectionSettings settings) {
    return start(settings, Optional.empty());
  }

  /**
   * Connects and declares {@code queue} (durable, when missing) for the replies.
   *
   * @param settings the broker
   * @param queue the reply channel's queue
   * @return the inbox, not consuming yet
   * @throws AmqpSetupException when the broker cannot be reached or the queue exists with other properties
   */
  public static AmqpReplyInbox fixed(AmqpConnectionSettings settings, String queue) {
    return start(settings, Optional.of(Objects.requireNonNull(queue, "queue")));
  }

  private static AmqpReplyInbox start(AmqpConnectionSettings settings, Optional<String> fixed) {
    Connection connection = connect(settings);
    try {
      Channel channel = connection.createChannel();
      String queue = fixed.isPresent()
          ? channel.queueDeclare(fixed.get(), true, false, false, null).getQueue()
          : channel.queueDeclare().getQueue();
      return new AmqpReplyInbox(connection, channel, queue, settings.maskedUri());
    } catch (IOException | RuntimeException e) {
      closeQuietly(connection);
      throw new AmqpSetupException("cannot declare the reply queue " + fixed.map(q -> "'" + q + "' ").orElse("")
          + "on " + settings.maskedUri() + ": " + e + (fixed.isPresent() ? "; a queue of that name must be durable, "
          + "not exclusive and not auto-delete (delete it or declare it so)" : ""), e);
    }
  }

  private static Connection connect(AmqpConnectionSettings settings) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.uri());
      if (settings.uri().regionMatches(true, 0, "amqps:", 0, 6)) {
        factory.useSslProtocol(SSLContext.getDefault());
        factory.enableHostnameVerification();
      }
    } catch (Exception e) {
      throw new AmqpSetupException("invalid AMQP URI " + settings.maskedUri() + ": " + e.getMessage(), e);
    }
    factory.setAutomaticRecoveryEnabled(false); // a lost connection fails the outstanding requests instead
    factory.setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectionTimeout().toMillis()));
    factory.setHandshakeTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectionTimeout().toMillis()));
    factory.setRequestedHeartbeat((int) Math.min(Integer.MAX_VALUE, settings.heartbeat().toSeconds()));
    factory.setChannelRpcTimeout((int) Math.min(Integer.MAX_VALUE, settings.rpcTimeout().toMillis()));
    try {
      return factory.newConnection(settings.connectionName() + "-replies");
    } catch (IOException | TimeoutException e) {
      throw new AmqpSetupException("cannot connect the reply inbox to RabbitMQ at " + settings.maskedUri() + ": "
          + e + "; is the broker running and the URI right?", e);
    }
  }

  @Override
  public String replyAddress(String correlationId) {
    return queue;
  }

  @Override
  public void open(Consumer<IncomingReply> replies, Consumer<Throwable> closed) {
    try {
      channel.basicConsume(queue, true, (tag, delivery) -> replies.accept(reply(delivery)),
          tag -> closed.accept(new IllegalStateException("RabbitMQ cancelled the consumer of the reply queue '"
              + queue + "' (deleted?)")),
          (tag, signal) -> {
            if (!closing.get()) {
              closed.accept(new IllegalStateException("the connection of the reply queue '" + queue + "' on "
                  + where + " was lost: " + signal.getMessage(), signal));
            }
          });
    } catch (IOException e) {
      throw new AmqpSetupException("cannot consume the reply queue '" + queue + "' on " + where + ": " + e, e);
    }
  }

  private static IncomingReply reply(Delivery delivery) {
    AMQP.BasicProperties properties = delivery.getProperties();
    Map<String, String> headers = new LinkedHashMap<>();
    if (properties.getHeaders() != null) {
      properties.getHeaders().forEach((k, v) -> {
        if (v != null) {
          headers.put(k, v.toString()); // LongString's toString is its UTF-8 text
        }
      });
    }
    Optional<String> correlation = Optional.ofNullable(properties.getCorrelationId())
        .or(() -> Optional.ofNullable(headers.get(Publication.CORRELATION_HEADER)));
    return new IncomingReply(correlation, delivery.getBody(), headers);
  }

  /** @return the reply queue's name (server-named: {@code amq.gen-...}) */
  @Override
  public String address() {
    return queue;
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (IOException | AlreadyClosedException e) {
      // closed already: nothing left to release
    }
  }

  @Override
  public String toString() {
    return "amqp-reply-inbox[" + queue + "]";
  }
}
