package io.tributary.asyncapi.runtime;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.tributary.connectors.nats.NatsConnections;
import io.tributary.connectors.nats.NatsSetupException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link ReplyInbox} on core NATS, on its own connection: either a unique inbox per requester
 * ({@code _INBOX.<id>.*}; each request names {@code _INBOX.<id>.<correlation id>} as its reply address, so a
 * reply is matched by its subject), or one fixed subject, where replies are matched by the header {@link
 * Publication#CORRELATION_HEADER}. A core subscription also sees what JetStream stores on that subject.
 */
public final class NatsReplyInbox implements ReplyInbox {

  private final Connection connection;
  private final String subject;
  /** The subject prefix of per-request reply addresses; null for a fixed subject. */
  private final String prefix;
  private final Duration timeout;
  private volatile Dispatcher dispatcher;

  private NatsReplyInbox(Connection connection, String subject, String prefix, Duration timeout) {
    this.connection = connection;
    this.subject = subject;
    this.prefix = prefix;
    this.timeout = timeout;
  }

  /**
   * Connects; replies go to subjects under a new inbox of the connection.
   *
   * @param servers one NATS URL or a comma-separated list
   * @param connectionTimeout the bound on connecting (and on the subscription reaching the server)
   * @return the inbox, not subscribed yet
   * @throws NatsSetupException when NATS cannot be reached
   */
  public static NatsReplyInbox unique(String servers, Duration connectionTimeout) {
    Connection connection = NatsConnections.connect(servers, connectionTimeout, "tributary-replies");
    String inbox = connection.createInbox();
    return new NatsReplyInbox(connection, inbox + ".*", inbox + ".", connectionTimeout);
  }

  /**
   * Connects; replies go to {@code subject} (the reply channel's address).
   *
   * @param servers one NATS URL or a comma-separated list
   * @param subject the reply subject
   * @param connectionTimeout the bound on connecting (and on the subscription reaching the server)
   * @return the inbox, not subscribed yet
   * @throws NatsSetupException when NATS cannot be reached
   */
  public static NatsReplyInbox fixed(String servers, String subject, Duration connectionTimeout) {
    Objects.requireNonNull(subject, "subject");
    Connection connection = NatsConnections.connect(servers, connectionTimeout, "tributary-replies-" + subject);
    return new NatsReplyInbox(connection, subject, null, connectionTimeout);
  }

  @Override
  public String replyAddress(String correlationId) {
    return prefix == null ? subject : prefix + correlationId;
  }

  @Override
  public void open(Consumer<IncomingReply> replies, Consumer<Throwable> closed) {
    Dispatcher d = connection.createDispatcher(message -> replies.accept(reply(message)));
    d.subscribe(subject);
    dispatcher = d;
    try {
      connection.flush(timeout); // the server has the subscription before the first request goes out
    } catch (TimeoutException e) {
      throw new NatsSetupException("NATS did not confirm the reply subscription on '" + subject + "' within "
          + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsSetupException("interrupted while subscribing to the replies on '" + subject + "'", e);
    }
  }

  private IncomingReply reply(Message message) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (message.getHeaders() != null) {
      message.getHeaders().forEach((k, values) -> {
        if (!values.isEmpty()) {
          headers.put(k, values.get(0));
        }
      });
    }
    String s = message.getSubject();
    Optional<String> correlation = prefix != null && s.startsWith(prefix)
        ? Optional.of(s.substring(prefix.length()))
        : Optional.ofNullable(headers.get(Publication.CORRELATION_HEADER));
    byte[] data = message.getData();
    return new IncomingReply(correlation, data == null ? new byte[0] : data, headers);
  }

  /** @return the subject subscribed to: {@code _INBOX.<id>.*} or the fixed subject */
  @Override
  public String address() {
    return subject;
  }

  @Override
  public void close() {
    try {
      Dispatcher d = dispatcher;
      if (d != null && d.isActive()) {
        d.unsubscribe(subject);
      }
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      // the connection is closed already
    }
  }

  @Override
  public String toString() {
    return "nats-reply-inbox[" + subject + "]";
  }
}
