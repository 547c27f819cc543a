package io.tributary.connectors.amqp;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.envelope.Envelope;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Publishes to RabbitMQ from a stream with publisher confirms: an element counts as published only
 * once the broker confirmed it (for persistent messages to durable queues: written to disk). A
 * {@code mandatory} message that reaches no queue (the default for {@link OutgoingMessage}) is
 * returned by the broker and fails its element, and with it the stream, with an {@link
 * AmqpPublishException} that names the exchange and routing key. So do nacks, confirms that take
 * longer than the confirm timeout, and a connection lost before the confirm. For envelopes, the
 * source message is acknowledged only after the confirm:
 *
 * <pre>{@code
 * AmqpSource.create(system, sourceSettings)
 *     .map(envelope -> envelope.withPayload(
 *         OutgoingMessage.of("invoices", "invoice.created", render(envelope.payload()))))
 *     .runWith(AmqpSink.envelopes(AmqpSinkSettings.create("amqp://guest:guest@127.0.0.1:5672")), system);
 * }</pre>
 *
 * <p>At most {@link AmqpSinkSettings#maxInFlight()} publishes wait for their confirm; upstream is
 * backpressured beyond that. Each materialization opens its own connection (declaring {@link
 * AmqpSinkSettings#declarations()} first) and closes it when the stream ends, after the
 * outstanding confirms (bounded by the confirm timeout).
 */
public final class AmqpSink {

  private AmqpSink() {}

  /**
   * Describes a sink that publishes JSON payloads of {@code payloadType}, for a service's document.
   *
   * @param uri the broker, {@code amqp://user:password@host:port/vhost} (credentials are not described)
   * @param exchange the exchange ({@code ""}: the default exchange, which routes to the queue named
   *     by the routing key)
   * @param routingKey the routing key
   * @param payloadType the type of the bodies, written as JSON
   * @return the {@code send} channel
   */
  public static ChannelDescription describe(String uri, String exchange, String routingKey, Type payloadType) {
    return describe(uri, exchange, null, routingKey, MessageDescription.ofType(payloadType));
  }

  /**
   * Describes a sink that publishes {@code message}.
   *
   * @param uri the broker
   * @param exchange the exchange ({@code ""}: the default exchange)
   * @param exchangeType its type ({@code direct}, {@code topic}, {@code fanout}, {@code headers}) when known, else null
   * @param routingKey the routing key
   * @param message the message
   * @return the {@code send} channel
   */
  public static ChannelDescription describe(String uri, String exchange, String exchangeType, String routingKey,
      MessageDescription message) {
    return AmqpDescriptions.producer(uri, exchange, exchangeType, routingKey, message);
  }

  /**
   * Publishes each message; the materialized stage completes when every message was confirmed, or
   * fails with the first failed publish.
   */
  public static Sink<OutgoingMessage, CompletionStage<Done>> create(AmqpSinkSettings settings) {
    return flow(settings, Function.<OutgoingMessage>identity()).toMat(Sink.ignore(), Keep.right());
  }

  /**
   * Publishes the message each element maps to and emits the element, in order, once its
   * message was confirmed: for pipelines that do something after the publish.
   */
  public static <E> Flow<E, E, NotUsed> flow(AmqpSinkSettings settings,
      Function<? super E, OutgoingMessage> toMessage) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(toMessage, "toMessage");
    return Flow.fromGraph(new PublishStage<>(settings, toMessage));
  }

  /**
   * Publishes each envelope's message and emits the envelope once it was confirmed, keeping the
   * source acknowledgement for the next step.
   */
  public static Flow<Envelope<OutgoingMessage>, Envelope<OutgoingMessage>, NotUsed> flow(AmqpSinkSettings settings) {
    return flow(settings, Envelope::payload);
  }

  /** Publishes each envelope's message, then acknowledges the envelope at its source. */
  public static Sink<Envelope<OutgoingMessage>, CompletionStage<Done>> envelopes(AmqpSinkSettings settings) {
    return flow(settings).toMat(Sink.foreach(Envelope::acknowledge), Keep.right());
  }
}
