package io.tributary.asyncapi.runtime;

import com.rabbitmq.client.AMQP;
import io.tributary.connectors.amqp.AmqpSink;
import io.tributary.connectors.amqp.AmqpSinkSettings;
import io.tributary.connectors.amqp.OutgoingMessage;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * A {@link Publisher} to RabbitMQ over {@link AmqpSink}: a send completes once the broker confirmed it
 * (publisher confirms). Messages are persistent and mandatory: one that reaches no queue fails its send
 * and the publisher. The address of a {@link Publication} is the routing key (through the default exchange:
 * the queue of that name); its key travels in the header {@link Publication#KEY_HEADER}, its headers as
 * AMQP headers, the encoder's media type as the content type.
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
      String exchangeType, String routingKey, PayloadEncoder<T> encoder, PublisherSettings settings) {
    super(system, "amqp-publisher[" + (exchange.isEmpty() ? "" : exchange + "/") + routingKey + "]", routingKey,
        settings, p -> message(exchange, p, encoder),
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
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(encoder, "encoder");
    return new AmqpPublisher<>(system, sink, exchange, exchangeType, routingKey, encoder, settings);
  }

  private static <T> OutgoingMessage message(String exchange, Publication<T> p, PayloadEncoder<T> encoder) {
    Map<String, Object> headers = new LinkedHashMap<>(p.headers());
    p.key().ifPresent(k -> headers.put(Publication.KEY_HEADER, k));
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .contentType(encoder.contentType())
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
