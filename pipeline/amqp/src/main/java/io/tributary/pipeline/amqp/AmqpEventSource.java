package io.tributary.pipeline.amqp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.tributary.connectors.amqp.AmqpAcknowledgement;
import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.amqp.AmqpControl;
import io.tributary.connectors.amqp.AmqpDeclaration;
import io.tributary.connectors.amqp.AmqpRunner;
import io.tributary.connectors.amqp.AmqpSource;
import io.tributary.connectors.amqp.AmqpSourceSettings;
import io.tributary.pipeline.component.ControlledSource;
import io.tributary.pipeline.component.EventMessages;
import io.tributary.pipeline.component.PipelineStartException;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Source {@code amqp}: messages of a RabbitMQ queue through Tributary's {@link AmqpSource}, with
 * manual acknowledgements: a message is acked ({@code basic.ack}) only once the whole pipeline is
 * done with it, and {@code prefetch} bounds the messages held unacknowledged. Each message becomes
 * an event {@code message} (the body as UTF-8 text), {@code key} (the routing key, or the header
 * {@code key_header}), {@code queue}, {@code exchange}, {@code routing_key}, {@code delivery_tag},
 * {@code redelivered}, {@code timestamp}. A body that is not valid UTF-8 goes to the dead-letter
 * queue {@code <queue><dead_letter_suffix>} with the reason, and is acknowledged. The queue is
 * declared durable unless {@code declare_queue = false} (then it must exist). Startup fails when
 * the broker cannot be reached or the queue cannot be consumed. At the stop, messages still
 * unacknowledged return to the queue.
 */
public final class AmqpEventSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "amqp";

  /** How long a stop waits for the intake stop before it goes on to the drain. */
  private static final long INTAKE_STOP_BOUND_MS = 1_000;

  private static final OptionSpec<String> QUEUE = OptionSpec.required("queue", SettingType.string(),
      "The queue to consume.");
  private static final OptionSpec<Integer> PREFETCH = OptionSpec.of("prefetch", AmqpSourceSettings.PREFETCH);
  private static final OptionSpec<String> KEY_HEADER = OptionSpec.of("key_header", AmqpSourceSettings.KEY_HEADER);
  private static final OptionSpec<Boolean> DECLARE_QUEUE =
      OptionSpec.of("declare_queue", AmqpSourceSettings.DECLARE_QUEUE);
  private static final OptionSpec<String> DEAD_LETTER_SUFFIX =
      OptionSpec.of("dead_letter_suffix", AmqpSourceSettings.DEAD_LETTER_SUFFIX);

  /** The options of source {@code amqp}, declared once: read here, validated, and documented from them. */
  public static final ComponentOptions OPTIONS = ComponentOptions.source(TYPE, "Messages of a RabbitMQ queue, "
      + "acknowledged only once the whole pipeline is done with them; fields message, key, queue, exchange, "
      + "routing_key, delivery_tag, redelivered, timestamp.", AmqpOptions.with(AmqpOptions.URI, QUEUE, PREFETCH,
      KEY_HEADER, DECLARE_QUEUE, DEAD_LETTER_SUFFIX));

  private final String uri;
  private final String queue;
  private final Integer prefetch; // null: the system's config
  private final String keyHeader; // null: the system's config
  private final Boolean declareQueue; // null: the system's config
  private final String deadLetterSuffix; // null: the system's config

  private AmqpEventSource(String uri, String queue, Integer prefetch, String keyHeader, Boolean declareQueue,
      String deadLetterSuffix) {
    this.uri = uri;
    this.queue = queue;
    this.prefetch = prefetch;
    this.keyHeader = keyHeader;
    this.declareQueue = declareQueue;
    this.deadLetterSuffix = deadLetterSuffix;
  }

  /** TLS and credentials over the URI's connection settings (set once, by {@link #create}). */
  private java.util.function.UnaryOperator<AmqpConnectionSettings> security = c -> c;

  /** Reads the options ({@link #OPTIONS}). */
  public static AmqpEventSource create(Options options) {
    OPTIONS.declareIn(options);
    String uri = AmqpOptions.URI.read(options).orElse(null);
    String queue = QUEUE.read(options).orElse(null);
    Integer prefetch = PREFETCH.read(options).orElse(null);
    String keyHeader = KEY_HEADER.read(options).orElse(null);
    Boolean declare = DECLARE_QUEUE.read(options).orElse(null);
    String suffix = DEAD_LETTER_SUFFIX.read(options).orElse(null);
    AmqpEventSource source = new AmqpEventSource(uri, queue, prefetch, keyHeader, declare, suffix);
    source.security = AmqpOptions.security(options);
    return source;
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "key", "queue", "exchange", "routing_key", "delivery_tag", "redelivered",
        "timestamp");
  }

  /** The queue received from (pipeline events) and its dead-letter queue, as an AMQP runner describes them. */
  @Override
  public List<ChannelDescription> describe(Config config) {
    return EventMessages.received(AmqpRunner.describe(settings(config)));
  }

  private AmqpSourceSettings<String> settings(Config config) {
    AmqpSourceSettings<String> settings = AmqpSourceSettings.fromConfig(config, uri, queue, PayloadDecoder.string());
    settings = settings.withConnection(security.apply(settings.connection()));
    if (prefetch != null) {
      settings = settings.withPrefetch(prefetch);
    }
    if (deadLetterSuffix != null) {
      settings = settings.withDeadLetterSuffix(deadLetterSuffix);
    }
    if (keyHeader != null) {
      settings = settings.withKeyFromHeader(keyHeader);
    }
    if (declareQueue != null) {
      settings = declareQueue ? settings.withDeclarations(AmqpDeclaration.queue(queue))
          : settings.withoutDeclarations();
    }
    return settings;
  }

  @Override
  public RunningSource start(RunContext context) {
    AmqpSourceSettings<String> settings;
    try {
      // what the pipeline file leaves out comes from the system's config (tributary.amqp, reference.conf)
      settings = settings(context.system().settings().config());
    } catch (ConfigException e) {
      throw context.failure(e.getMessage(), e);
    }
    // Materialized here, so that an unreachable broker or a missing queue fails the start.
    Pair<AmqpControl, Source<Envelope<String>, NotUsed>> started =
        AmqpSource.create(context.system(), settings).preMaterialize(context.system());
    AmqpControl control = started.first();
    AmqpConnectionSettings connection = settings.connection();
    Duration bound = connection.connectionTimeout().multipliedBy(2).plus(connection.rpcTimeout());
    try {
      SourceRunner.await(control.ready(), bound, "could not consume from queue '" + queue + "' on "
          + connection.maskedUri(), context::failure);
    } catch (RuntimeException e) {
      control.shutdown();
      throw e instanceof PipelineStartException ? e : context.failure(e.getMessage(), e);
    }
    DeliveryTracker tracker = context.tracker();
    // Sends basic.cancel at the stop; the control's stop completes only once the source emitted what it
    // buffers, which a stalled pipeline delays: the drain goes on after at most a second.
    return new ControlledSource<>(() -> control,
        started.second().map(envelope -> tracker.open(eventOf(envelope), envelope, "rabbitmq")),
        Optional.of(Duration.ofMillis(INTAKE_STOP_BOUND_MS)),
        (c, inFlight) -> "acknowledged=" + c.acknowledged() + " returned-to-queue=" + inFlight);
  }

  /** @return the event of one message */
  static Event eventOf(Envelope<String> envelope) {
    Optional<AmqpAcknowledgement> amqp = AmqpAcknowledgement.find(envelope);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", envelope.payload());
    fields.put("key", envelope.key());
    fields.put("queue", envelope.position().source());
    fields.put("exchange", amqp.map(AmqpAcknowledgement::exchange).orElse(null));
    fields.put("routing_key", amqp.map(AmqpAcknowledgement::routingKey).orElse(null));
    fields.put("delivery_tag", envelope.position().offset());
    fields.put("redelivered", amqp.map(AmqpAcknowledgement::redelivered).orElse(false));
    fields.put("timestamp", envelope.timestamp().toString());
    return Event.of(fields);
  }
}
