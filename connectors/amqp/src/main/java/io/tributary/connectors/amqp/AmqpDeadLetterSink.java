package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MessageProperties;
import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.ProcessingFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes messages that cannot be processed to a dead-letter queue ({@code <queue>.dlq} by
 * default): the original body, properties and headers, plus the {@link DeadLetterHeaders} of every
 * broker with the error and the origin (with the exchange and the routing key). A write completes only once the broker confirmed it (publisher confirms,
 * persistent, mandatory), so a message is acknowledged at its source only after its dead letter is
 * stored; a dead letter that reaches no queue fails the write instead of vanishing. Declares the
 * dead-letter queue (durable) on first use, or ahead with {@link #prepare}. Uses a connection of
 * its own; close it when done.
 *
 * <p>Header values of the original message are carried as byte strings (an integer header becomes
 * its decimal text).
 *
 * @param <T> the payload type of the envelopes it accepts
 */
public final class AmqpDeadLetterSink<T> implements DeadLetterSink<T>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AmqpDeadLetterSink.class);

  private final UnaryOperator<String> queueFor;
  private final String exchange;
  private final ConfirmingPublisher publisher;
  private final Map<String, CompletionStage<Done>> prepared = new ConcurrentHashMap<>();

  private AmqpDeadLetterSink(AmqpConnectionSettings connection, UnaryOperator<String> queueFor, String exchange) {
    this.queueFor = Objects.requireNonNull(queueFor, "queueFor");
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.publisher = new ConfirmingPublisher(connection, List.of(), "dead-letters", connection.rpcTimeout());
  }

  /** A sink for the source configured by {@code settings}: its dead-letter queue and exchange, its broker. */
  public static <T> AmqpDeadLetterSink<T> create(AmqpSourceSettings<?> settings) {
    return new AmqpDeadLetterSink<>(settings.connection(), settings::deadLetterQueue, settings.deadLetterExchange());
  }

  /**
   * A sink publishing the dead letters of queue q to queue {@code queueFor.apply(q)}, through
   * {@code exchange} ({@code ""} = the default exchange; another is declared durable, type direct,
   * with the dead-letter queue bound by its name).
   */
  public static <T> AmqpDeadLetterSink<T> create(AmqpConnectionSettings connection, UnaryOperator<String> queueFor,
      String exchange) {
    return new AmqpDeadLetterSink<>(connection, queueFor, exchange);
  }

  /** Publishes a dead letter with persistent default properties and its headers. */
  @Override
  public CompletionStage<Done> write(DeadLetter deadLetter) {
    return publish(deadLetter, MessageProperties.PERSISTENT_BASIC);
  }

  /**
   * Publishes the dead letter of a message this connector delivered, keeping its properties
   * (content type, message id, ...) and adding its exchange and routing key to the origin.
   */
  @Override
  public CompletionStage<Done> write(Envelope<?> envelope, ProcessingFailure failure, DeadLetterStage stage) {
    DeadLetter deadLetter = DeadLetter.of(envelope, failure, stage);
    Optional<AmqpAcknowledgement> origin = AmqpAcknowledgement.find(envelope);
    if (origin.isEmpty()) {
      return write(deadLetter);
    }
    deadLetter = deadLetter.withOrigin(DeadLetterHeaders.ORIGINAL_EXCHANGE, origin.get().exchange())
        .withOrigin(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, origin.get().routingKey());
    return publish(deadLetter, origin.get().properties());
  }

  private CompletionStage<Done> publish(DeadLetter deadLetter, AMQP.BasicProperties base) {
    try {
      String sourceQueue = deadLetter.origin().source();
      String deadLetterQueue = queueFor.apply(sourceQueue);
      Map<String, Object> headers = AmqpConnections.toTable(deadLetter.originalHeaders());
      headers.remove(ConfirmingPublisher.SEQUENCE_HEADER);
      for (Header h : deadLetter.headers()) {
        headers.put(h.key(), h.valueAsString());
      }
      AMQP.BasicProperties properties = base.builder().headers(headers).deliveryMode(2).expiration(null).build();
      OutgoingMessage message = new OutgoingMessage(exchange, deadLetterQueue, deadLetter.value(), properties, true);
      return prepare(sourceQueue)
          .thenCompose(ready -> publisher.publish(message))
          .whenComplete((done, error) -> {
            if (error == null) {
              log.info("dead-lettered {} ({}) to queue {}: {}", deadLetter.origin(),
                  deadLetter.stage().headerValue(), deadLetterQueue, deadLetter.errorClass());
            }
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Declares the dead-letter queue of {@code sourceQueue} (and binds it to the dead-letter
   * exchange, if one is set) unless done before; completes when declared, or fails with an
   * {@link AmqpSetupException} (the broker cannot be reached, or the queue exists with other
   * properties).
   */
  public CompletionStage<Done> prepare(String sourceQueue) {
    String deadLetterQueue = queueFor.apply(sourceQueue);
    CompletionStage<Done> existing = prepared.get(deadLetterQueue);
    if (existing != null) {
      return existing;
    }
    List<AmqpDeclaration> declarations = new ArrayList<>();
    declarations.add(AmqpDeclaration.queue(deadLetterQueue));
    if (!exchange.isEmpty()) {
      declarations.add(AmqpDeclaration.exchange(exchange, "direct"));
      declarations.add(AmqpDeclaration.binding(deadLetterQueue, exchange, deadLetterQueue));
    }
    CompletableFuture<Done> mine = new CompletableFuture<>();
    existing = prepared.putIfAbsent(deadLetterQueue, mine);
    if (existing != null) {
      return existing;
    }
    publisher.declare(declarations).whenComplete((done, error) -> {
      if (error == null) {
        mine.complete(done);
      } else {
        prepared.remove(deadLetterQueue, mine); // try again on the next write
        mine.completeExceptionally(error);
      }
    });
    return mine;
  }

  /** Waits (bounded) for outstanding confirms, then closes the connection. */
  @Override
  public void close() {
    publisher.close();
  }
}
