package io.tributary.pipeline.amqp;

import com.rabbitmq.client.AMQP;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.tributary.connectors.amqp.AmqpDeclaration;
import io.tributary.connectors.amqp.AmqpSink;
import io.tributary.connectors.amqp.AmqpSinkSettings;
import io.tributary.connectors.amqp.OutgoingMessage;
import io.tributary.pipeline.component.EventMessages;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.HeaderDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

  private static final OptionSpec<String> EXCHANGE = OptionSpec.withDefault("exchange",
      Setting.of("tributary.pipeline.amqp.sink.exchange", SettingType.string()));
  private static final OptionSpec<String> ROUTING_KEY = OptionSpec.required("routing_key", SettingType.string(),
      "The routing key of every message.");
  private static final OptionSpec<String> EXCHANGE_TYPE = OptionSpec.optional("exchange_type",
      SettingType.oneOf("direct", "fanout", "topic", "headers"),
      "Declare the exchange (durable) with this type before the first publish; none: it must exist.");
  private static final OptionSpec<String> DECLARE_QUEUE = OptionSpec.optional("declare_queue", SettingType.string(),
      "Declare this durable queue before the first publish, bound to the exchange with the routing key.");
  private static final OptionSpec<String> KEY_FIELD = OptionSpec.optional("key_field", SettingType.string(),
      "The event field whose text goes in the header " + KEY_HEADER + "; none: no key header.");
  private static final OptionSpec<Boolean> MANDATORY = OptionSpec.withDefault("mandatory",
      Setting.of("tributary.pipeline.amqp.sink.mandatory", SettingType.bool()));
  private static final OptionSpec<Integer> MAX_IN_FLIGHT =
      OptionSpec.of("max_in_flight", AmqpSinkSettings.MAX_IN_FLIGHT);

  /** The options of sink {@code amqp}, declared once: read here, validated, and documented from them. */
  public static final ComponentOptions OPTIONS = ComponentOptions.sink(TYPE, "Publishes each event as a "
      + "persistent JSON message with publisher confirms; an event counts as accepted once the broker confirmed "
      + "it.", AmqpOptions.with(AmqpOptions.URI, EXCHANGE, ROUTING_KEY, EXCHANGE_TYPE, DECLARE_QUEUE, KEY_FIELD,
      MANDATORY, MAX_IN_FLIGHT));

  /** AMQP's bound on a channel's window, where a larger max_in_flight stops. */
  private static final int MAX_WINDOW = 65_535;

  private final ComponentRef ref;
  private final String uri;
  private final String exchange;
  private final String routingKey;
  private final String exchangeType;
  private final String declareQueue;
  private final String keyField;
  private final boolean mandatory;
  private final Integer maxInFlight; // null: the system's config

  private AmqpEventSink(ComponentRef ref, String uri, String exchange, String routingKey, String exchangeType,
      String declareQueue, String keyField, boolean mandatory, Integer maxInFlight) {
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

  /** TLS and credentials over the URI's connection settings (set once, by {@link #create}). */
  private java.util.function.UnaryOperator<io.tributary.connectors.amqp.AmqpConnectionSettings> security = c -> c;

  /** Reads the options ({@link #OPTIONS}). */
  public static AmqpEventSink create(Options options) {
    OPTIONS.declareIn(options);
    String uri = AmqpOptions.URI.read(options).orElse(null);
    String exchange = EXCHANGE.readOrDefault(options); // "" (left out): the default exchange
    String routingKey = ROUTING_KEY.read(options).orElse(null);
    String exchangeType = EXCHANGE_TYPE.read(options).orElse(null);
    String declareQueue = DECLARE_QUEUE.read(options).orElse(null);
    String keyField = KEY_FIELD.read(options).orElse(null);
    boolean mandatory = MANDATORY.readOrDefault(options);
    Integer maxInFlight = MAX_IN_FLIGHT.read(options).map(n -> Math.min(MAX_WINDOW, n)).orElse(null);
    if (exchangeType != null && exchange.isEmpty()) {
      options.error(EXCHANGE_TYPE.name(), "needs an exchange: the default exchange cannot be declared");
    }
    if (declareQueue != null && exchange.isEmpty() && routingKey != null && !declareQueue.equals(routingKey)) {
      options.error(DECLARE_QUEUE.name(), "through the default exchange messages go to the queue named by "
          + "routing_key ('" + routingKey + "'), not to '" + declareQueue + "'");
    }
    AmqpEventSink sink = new AmqpEventSink(options.ref(), uri, exchange, routingKey, exchangeType, declareQueue,
        keyField, mandatory, maxInFlight);
    sink.security = AmqpOptions.security(options);
    return sink;
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    if (keyField != null && !input.mayHave(keyField)) {
      errors.add(ref.path("key_field"), input.unknownField(keyField));
    }
  }

  /**
   * The routing key published to (on the exchange, or to the queue of that name through the default
   * exchange): pipeline events as JSON, with the key header when {@code key_field} is set.
   */
  @Override
  public List<ChannelDescription> describe(Config config) {
    MessageDescription message = EventMessages.event();
    if (keyField != null) {
      message = message.withHeaders(List.of(new HeaderDescription(KEY_HEADER,
          "The text of the event field " + keyField + ".")), false);
    }
    return List.of(AmqpSink.describe(uri, exchange, exchangeType, routingKey, message));
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
    AmqpSinkSettings settings;
    try {
      // what the pipeline file leaves out comes from the system's config (tributary.amqp, reference.conf)
      settings = AmqpSinkSettings.fromConfig(context.system().settings().config(), uri)
          .withDeclarations(declarations);
      settings = settings.withConnection(security.apply(settings.connection()));
    } catch (ConfigException e) {
      throw context.failure(e.getMessage(), e);
    }
    if (maxInFlight != null) {
      settings = settings.withMaxInFlight(maxInFlight);
    }
    return RunningSink.of(AmqpSink.flow(settings, this::message)
        .toMat(Sink.foreach(Delivery::done), Keep.right()));
  }

  private OutgoingMessage message(Delivery delivery) {
    Event event = delivery.event();
    AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
        .deliveryMode(2)
        .contentType("application/json");
    Map<String, Object> headers = new LinkedHashMap<>(4);
    if (keyField != null) {
      Object key = event.get(keyField);
      if (key != null) {
        headers.put(KEY_HEADER, Event.text(key));
      }
    }
    delivery.traceContext().ifPresent(t -> t.headers().forEach(h -> headers.put(h.key(), h.valueAsString())));
    if (!headers.isEmpty()) {
      properties.headers(headers);
    }
    return new OutgoingMessage(exchange, routingKey, event.toJson().getBytes(StandardCharsets.UTF_8),
        properties.build(), mandatory);
  }
}
