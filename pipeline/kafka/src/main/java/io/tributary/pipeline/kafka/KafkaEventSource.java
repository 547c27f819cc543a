package io.tributary.pipeline.kafka;

import io.tributary.connectors.kafka.KafkaControl;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.KafkaSource;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.pipeline.component.ControlledSource;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Source {@code kafka}: records of Kafka topics through Tributary's {@link KafkaSource}, so that a
 * partition's committed offset advances only past records the whole pipeline is done with (every
 * sink that received one accepted it, or a transform dropped it). Each record becomes an event
 * {@code message} (the value as UTF-8 text; parse it with {@code parse_json}), {@code key},
 * {@code topic}, {@code partition}, {@code offset}, {@code timestamp}. A value that is not valid
 * UTF-8 goes to the dead-letter topic {@code <topic>.dlq} with the reason, and is acknowledged. A
 * new group starts at the earliest offset. Runs until the pipeline stops; then the last safe
 * offsets are committed.
 */
public final class KafkaEventSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "kafka";


  private final String bootstrapServers;
  private final List<String> topics;
  private final String groupId;
  private final long commitIntervalMs;
  private final long commitBatch;
  private final String deadLetterSuffix;
  private final Map<String, String> properties;

  private KafkaEventSource(String bootstrapServers, List<String> topics, String groupId, long commitIntervalMs,
      long commitBatch, String deadLetterSuffix, Map<String, String> properties) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.groupId = groupId;
    this.commitIntervalMs = commitIntervalMs;
    this.commitBatch = commitBatch;
    this.deadLetterSuffix = deadLetterSuffix;
    this.properties = properties;
  }

  /**
   * Reads the options: bootstrap_servers, topics, group_id, commit_interval_ms, commit_batch,
   * dead_letter_suffix, properties.
   */
  public static KafkaEventSource create(Options options) {
    String bootstrap = options.requiredString("bootstrap_servers");
    List<String> topics = options.stringList("topics", true);
    String group = options.requiredString("group_id");
    long interval = options.longValue("commit_interval_ms", 1000, 1);
    long batch = options.longValue("commit_batch", 5000, 1);
    if (batch > Integer.MAX_VALUE) {
      options.error("commit_batch", "must be <= " + Integer.MAX_VALUE + ", was " + batch);
    }
    String suffix = options.string("dead_letter_suffix", ".dlq");
    Map<String, String> properties = options.stringMap("properties");
    return new KafkaEventSource(bootstrap, topics, group, interval, batch, suffix, properties);
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "key", "topic", "partition", "offset", "timestamp");
  }

  @Override
  public RunningSource start(RunContext context) {
    KafkaSourceSettings<String> settings = KafkaSourceSettings
        .create(bootstrapServers, groupId, topics, PayloadDecoder.string())
        .withCommitInterval(Duration.ofMillis(commitIntervalMs))
        .withCommitBatchSize((int) Math.min(Integer.MAX_VALUE, commitBatch))
        .withDeadLetterSuffix(deadLetterSuffix);
    for (Map.Entry<String, String> p : properties.entrySet()) {
      settings = settings.withConsumerProperty(p.getKey(), p.getValue());
    }
    Source<Envelope<String>, KafkaControl> records;
    try {
      records = KafkaSource.create(context.system(), settings);
    } catch (KafkaSetupException e) {
      throw context.failure(e.getMessage(), e);
    }
    DeliveryTracker tracker = context.tracker();
    AtomicReference<KafkaControl> control = new AtomicReference<>();
    Source<Delivery, NotUsed> deliveries = records
        .mapMaterializedValue(c -> {
          control.set(c);
          return NotUsed.getInstance();
        })
        .mapConcat(envelope -> {
          // The pipeline starts a record when it enters the graph: a revocation waits for it.
          if (!envelope.ack().begin()) {
            return List.of(); // withdrawn by a rebalance before it started: its new owner handles it
          }
          return List.of(tracker.open(eventOf(envelope), envelope.ack()));
        });
    // The release commits what every sink has (never past an unfinished record) and closes the consumer.
    return new ControlledSource<>(control::get, deliveries, Optional.empty(),
        (c, inFlight) -> "committed=" + committed(c));
  }

  /** @return the event of one record */
  static Event eventOf(Envelope<String> envelope) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", envelope.payload());
    fields.put("key", envelope.key());
    fields.put("topic", envelope.position().source());
    fields.put("partition", envelope.position().partition());
    fields.put("offset", envelope.position().offset());
    fields.put("timestamp", envelope.timestamp().toString());
    return Event.of(fields);
  }

  private static Map<String, Long> committed(KafkaControl c) {
    Map<String, Long> result = new TreeMap<>();
    c.committedOffsets().forEach((tp, offset) -> result.put(tp.toString(), offset));
    return result;
  }
}
