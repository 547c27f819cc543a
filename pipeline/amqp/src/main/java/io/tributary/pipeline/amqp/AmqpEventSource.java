package io.tributary.pipeline.amqp;

import io.tributary.connectors.amqp.AmqpAcknowledgement;
import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.amqp.AmqpControl;
import io.tributary.connectors.amqp.AmqpSource;
import io.tributary.connectors.amqp.AmqpSourceSettings;
import io.tributary.pipeline.component.ControlledSource;
import io.tributary.pipeline.component.PipelineStartException;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.SourceRunner;
import java.time.Duration;
import java.util.LinkedHashMap;
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

  private final String uri;
  private final String queue;
  private final int prefetch;
  private final String keyHeader;
  private final boolean declareQueue;
  private final String deadLetterSuffix;

  private AmqpEventSource(String uri, String queue, int prefetch, String keyHeader, boolean declareQueue,
      String deadLetterSuffix) {
    this.uri = uri;
    this.queue = queue;
    this.prefetch = prefetch;
    this.keyHeader = keyHeader;
    this.declareQueue = declareQueue;
    this.deadLetterSuffix = deadLetterSuffix;
  }

  /** Reads the options: uri, queue, prefetch, key_header, declare_queue, dead_letter_suffix. */
  public static AmqpEventSource create(Options options) {
    String uri = AmqpOptions.amqpUri(options);
    String queue = options.requiredString("queue");
    long prefetch = options.longValue("prefetch", 256, 1);
    if (prefetch > 65_535) {
      options.error("prefetch", "must be <= 65535 (AMQP's limit), was " + prefetch);
      prefetch = 256;
    }
    String keyHeader = options.string("key_header", null);
    boolean declare = options.bool("declare_queue", true);
    String suffix = options.string("dead_letter_suffix", ".dlq");
    return new AmqpEventSource(uri, queue, (int) prefetch, keyHeader, declare, suffix);
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "key", "queue", "exchange", "routing_key", "delivery_tag", "redelivered",
        "timestamp");
  }

  @Override
  public RunningSource start(RunContext context) {
    AmqpSourceSettings<String> settings = AmqpSourceSettings.create(uri, queue, PayloadDecoder.string())
        .withPrefetch(prefetch)
        .withDeadLetterSuffix(deadLetterSuffix);
    if (keyHeader != null) {
      settings = settings.withKeyFromHeader(keyHeader);
    }
    if (!declareQueue) {
      settings = settings.withoutDeclarations();
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
        started.second().map(envelope -> tracker.open(eventOf(envelope), envelope.ack())),
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
