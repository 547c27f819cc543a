package io.tributary.pipeline.amqp;

import com.rabbitmq.client.AMQP;
import io.tributary.connectors.amqp.AmqpDeclaration;
import io.tributary.connectors.amqp.AmqpSink;
import io.tributary.connectors.amqp.AmqpSinkSettings;
import io.tributary.connectors.amqp.OutgoingMessage;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Sink {@code amqp}: publishes each event as a JSON message (persistent, content type {@code
 * application/json}) to an exchange with a routing key, through Tributary's {@link AmqpSink} with
 * publisher confirms: an event counts as accepted once the broker confirmed it. Mandatory by
 * default, so a message no queue takes fails the pipeline instead of vanishing. Optionally
 * declares the exchange ({@code exchange_type}) and a durable queue ({@code declare_queue}, bound
 * to the exchange with the routing key) before the first publish; with {@code key_field}, the
 * field's text goes in the header {@code Tributary-Key} (what the {@code amqp} source with {@code
 * key_header = Tributary-Key} and {@code tributary consume --amqp-uri} read as the key).
 */
public final class AmqpEventSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "amqp";
  /** The header {@code key_field}'s value goes in. */
  public static final String KEY_HEADER = "Tributary-Key";

  private static final List<String> EXCHANGE_TYPES = List.of("direct", "fanout", "topic", "headers");

  private final ComponentRef ref;
  private final String uri;
  private final String exchange;
  private final String routingKey;
  private final String exchangeType;
  private final String declareQueue;
  private final String keyField;
  private final boolean mandatory;
  private final int maxInFlight;

  private AmqpEventSink(ComponentRef ref, String uri, String exchange, String routingKey, String exchangeType,
      String declareQueue, String keyField, boolean mandatory, int maxInFlight) {
    this.ref = ref;
    this.uri = uri;
    this.exchange = exchange;
    this.routingKey = routingKey;
    this.exchangeType = exchangeType;
    this.declareQueue = declareQueue;
    this.keyField = keyField;
    this.mandatory = mandatory;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Reads the options: uri, exchange, routing_key, exchange_type, declare_queue, key_field,
   * mandatory, max_in_flight.
   */
  public static AmqpEventSink create(Options options) {
    String uri = AmqpOptions.amqpUri(options);
    String exchange = options.string("exchange", ""); // left out: the default exchange
    String routingKey = options.requiredString("routing_key");
    String exchangeType = options.choice("exchange_type", null, EXCHANGE_TYPES);
    String declareQueue = options.string("declare_queue", null);
    String keyField = options.string("key_field", null);
    boolean mandatory = options.bool("mandatory", true);
    long maxInFlight = options.longValue("max_in_flight", 256, 1);
    if (exchangeType != null && exchange.isEmpty()) {
      options.error("exchange_type", "needs an exchange: the default exchange cannot be declared");
    }
    if (declareQueue != null && exchange.isEmpty() && routingKey != null && !declareQueue.equals(routingKey)) {
      options.error("declare_queue", "through the default exchange messages go to the queue named by routing_key ('"
          + routingKey + "'), not to '" + declareQueue + "'");
    }
    return new AmqpEventSink(options.ref(), uri, exchange, routingKey, exchangeType, declareQueue, keyField,
        mandatory, (int) Math.min(65_535, maxInFlight));
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    if (keyField != null && !input.mayHave(keyField)) {
      errors.add(ref.path("key_field"), input.unknownField(keyField));
    }
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    List<AmqpDeclaration> declarations = new ArrayList<>();
    if (exchangeType != null) {
      declarations.add(AmqpDeclaration.exchange(exchange, exchangeType));
    }
    if (declareQueue != null) {
      declarations.add(AmqpDeclaration.queue(declareQueue));
      if (!exchange.isEmpty()) {
        declarations.add(AmqpDeclaration.binding(declareQueue, exchange, routingKey));
      }
    }
    // Connects and declares when the graph runs (an unreachable broker fails the pipeline then, exit 1).
    AmqpSinkSettings settings = AmqpSinkSettings.create(uri).withDeclarations(declarations)
        .withMaxInFlight(maxInFlight);
    return RunningSink.of(AmqpSink.flow(settings, (Delivery d) -> message(d.event()))
        .toMat(Sink.foreach(Delivery::done), Keep.right()));
  }

  private OutgoingMessage message(Event event) {
    AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
        .deliveryMode(2)
        .contentType("application/json");
    if (keyField != null) {
      Object key = event.get(keyField);
      if (key != null) {
        properties.headers(Map.of(KEY_HEADER, Event.text(key)));
      }
    }
    return new OutgoingMessage(exchange, routingKey, event.toJson().getBytes(StandardCharsets.UTF_8),
        properties.build(), mandatory);
  }
}
