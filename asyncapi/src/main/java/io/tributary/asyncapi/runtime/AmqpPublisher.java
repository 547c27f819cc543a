package io.tributary.asyncapi.runtime;

import com.rabbitmq.client.AMQP;
import io.tributary.connectors.amqp.AmqpAcknowledgement;
import io.tributary.connectors.amqp.AmqpSink;
import io.tributary.connectors.amqp.AmqpSinkSettings;
import io.tributary.connectors.amqp.OutgoingMessage;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.envelope.Envelope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * A {@link Publisher} to RabbitMQ over {@link AmqpSink}: a send completes once the broker confirmed it
 * (publisher confirms). Messages are persistent and mandatory: one that reaches no queue fails its send
 * and the publisher. The address of a {@link Publication} is the routing key (through the default exchange:
 * the queue of that name); its key travels in the header {@link Publication#KEY_HEADER}, its headers as
 * AMQP headers (the header {@link Publication#CORRELATION_HEADER} also as the {@code correlation_id}
 * property), the encoder's media type as the content type. A publisher of replies to addresses chosen by
 * requesters is created not mandatory: a reply whose requester is gone is dropped by the broker.
 *
 * <pre>{@code
 * try (AmqpPublisher<Order> orders = AmqpPublisher.create(system,
 *     AmqpSinkSettings.create("amqp://guest:guest@127.0.0.1:5672").withDeclarations(AmqpDeclaration.queue("orders")),
 *     "", null, "orders", PayloadEncoder.json(Order.class), PublisherSettings.defaults())) {
 *   orders.send(order).toCompletableFuture().join();
 * }
 * }</pre>
 *
 * @param <T> the payload type
 */
public final class AmqpPublisher<T> extends StreamPublisher<T, OutgoingMessage> {

  private final String uri;
  private final String exchange;
  private final String exchangeType;
  private final PayloadEncoder<T> encoder;

  private AmqpPublisher(ClassicActorSystemProvider system, AmqpSinkSettings sink, String exchange,
      String exchangeType, String routingKey, PayloadEncoder<T> encoder, PublisherSettings settings,
      boolean mandatory) {
    super(system, "amqp-publisher[" + (exchange.isEmpty() ? "" : exchange + "/") + routingKey + "]", routingKey,
        settings, p -> message(exchange, p, encoder).withMandatory(mandatory),
        AmqpSink.flow(sink.withMaxInFlight(settings.maxInFlight()), (Pending<OutgoingMessage> p) -> p.message),
        () -> {});
    this.uri = sink.connection().uri();
    this.exchange = exchange;
    this.exchangeType = exchangeType;
    this.encoder = encoder;
  }

  /**
   * A publisher.
   *
   * @param system the actor system its stream runs on
   * @param sink the sink settings: the broker and what to declare before publishing (their max in flight
   *     is replaced by {@code settings.maxInFlight()})
   * @param exchange the exchange, {@code ""} for the default exchange (the routing key names the queue)
   * @param exchangeType the exchange's type when known (for the description), else null
   * @param routingKey the routing key {@link #send(Object)} publishes with (the address of the publisher)
   * @param encoder writes payloads
   * @param settings the bounds
   * @param <T> the payload type
   * @return the publisher, running (its connection opens in the background; a broker that cannot be
   *     reached fails the first sends)
   */
  public static <T> AmqpPublisher<T> create(ClassicActorSystemProvider system, AmqpSinkSettings sink,
      String exchange, String exchangeType, String routingKey, PayloadEncoder<T> encoder,
      PublisherSettings settings) {
    return create(system, sink, exchange, exchangeType, routingKey, encoder, settings, true);
  }

  /**
   * A publisher whose messages are mandatory or not.
   *
   * @param system the actor system its stream runs on
   * @param sink the sink settings (see {@link #create(ClassicActorSystemProvider, AmqpSinkSettings, String,
   *     String, String, PayloadEncoder, PublisherSettings)})
   * @param exchange the exchange, {@code ""} for the default exchange
   * @param exchangeType the exchange's type when known, else null
   * @param routingKey the routing key {@link #send(Object)} publishes with
   * @param encoder writes payloads
   * @param settings the bounds
   * @param mandatory true: a message no queue takes fails its send and the publisher; false: the broker
   *     confirms and drops it (for replies to requesters that may be gone)
   * @param <T> the payload type
   * @return the publisher, running
   */
  public static <T> AmqpPublisher<T> create(ClassicActorSystemProvider system, AmqpSinkSettings sink,
      String exchange, String exchangeType, String routingKey, PayloadEncoder<T> encoder,
      PublisherSettings settings, boolean mandatory) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(encoder, "encoder");
    return new AmqpPublisher<>(system, sink, exchange, exchangeType, routingKey, encoder, settings, mandatory);
  }

  /**
   * The correlation id of a request received from RabbitMQ, for its reply: the header {@link
   * Publication#CORRELATION_HEADER}, else the AMQP {@code correlation_id} property.
   *
   * @param request the request
   * @return its correlation id, if it has one
   */
  public static Optional<String> correlationId(Envelope<?> request) {
    return request.header(Publication.CORRELATION_HEADER).or(() -> AmqpAcknowledgement.find(request)
        .map(a -> a.properties().getCorrelationId()));
  }

  private static <T> OutgoingMessage message(String exchange, Publication<T> p, PayloadEncoder<T> encoder) {
    Map<String, Object> headers = new LinkedHashMap<>(p.headers());
    p.key().ifPresent(k -> headers.put(Publication.KEY_HEADER, k));
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .contentType(encoder.contentType())
        .correlationId(p.headers().get(Publication.CORRELATION_HEADER))
        .deliveryMode(2)
        .headers(headers.isEmpty() ? null : headers)
        .build();
    return OutgoingMessage.of(exchange, p.address(), encoder.encode(p.payload())).withProperties(properties);
  }

  /** @return the exchange and routing key published to, as {@link AmqpSink#describe} has them */
  @Override
  public List<ChannelDescription> describe() {
    return List.of(AmqpSink.describe(uri, exchange, exchangeType, address(),
        MessageDescription.ofType(encoder.type())));
  }
}
