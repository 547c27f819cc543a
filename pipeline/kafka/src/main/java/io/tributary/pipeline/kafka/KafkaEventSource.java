package io.tributary.pipeline.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.tributary.connectors.kafka.KafkaControl;
import io.tributary.connectors.kafka.TransactionalControl;
import io.tributary.connectors.kafka.TransactionalKafkaSource;
import io.tributary.connectors.kafka.TransactionalSettings;
import io.tributary.streams.lifecycle.SourceControl;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.KafkaSource;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.pipeline.component.ControlledSource;
import io.tributary.pipeline.component.EventMessages;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.connectors.kafka.KafkaClientConfig;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.streams.settings.SecretReferences;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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


  private static final OptionSpec<String> BOOTSTRAP_SERVERS = OptionSpec.required("bootstrap_servers",
      SettingType.string(), "The Kafka brokers, host:port[,host:port...].");
  private static final OptionSpec<List<String>> TOPICS = OptionSpec.required("topics", SettingType.stringList(),
      "The topics to consume (one string counts as a list of one).");
  private static final OptionSpec<String> GROUP_ID = OptionSpec.required("group_id", SettingType.string(),
      "The consumer group; a new group starts at the earliest offset.");
  private static final OptionSpec<Duration> COMMIT_INTERVAL =
      OptionSpec.of("commit_interval_ms", KafkaSourceSettings.COMMIT_INTERVAL, ChronoUnit.MILLIS);
  private static final OptionSpec<Integer> COMMIT_BATCH = OptionSpec.of("commit_batch",
      KafkaSourceSettings.COMMIT_BATCH_SIZE);
  private static final OptionSpec<String> DEAD_LETTER_SUFFIX = OptionSpec.of("dead_letter_suffix",
      KafkaSourceSettings.DEAD_LETTER_SUFFIX);
  private static final OptionSpec<Map<String, String>> PROPERTIES = OptionSpec.of("properties",
      KafkaSourceSettings.CONSUMER_PROPERTIES);
  private static final OptionSpec<Boolean> EXACTLY_ONCE = OptionSpec.optional("exactly_once", SettingType.bool(),
      "Consume for exactly-once kafka sinks: what sinks with exactly_once = true produce for a record commits in "
      + "one Kafka transaction with its offset (default false).");
  private static final OptionSpec<String> TRANSACTIONAL_ID = OptionSpec.optional("transactional_id",
      SettingType.string(), "With exactly_once: the producer's transactional.id, one per instance and stable across "
      + "restarts (default <group_id>-tx-0).");

  private static final OptionSpec<String> CLIENT_CONFIG = OptionSpec.optional("client_config", SettingType.string(),
      "A Kafka client config file (security.protocol, sasl.*, ssl.*), as Kafka's --command-config; values may be "
      + "${env:NAME} or ${file:PATH}. properties win over it.");

  /** The options of source {@code kafka}, declared once: read here, validated, and documented from them. */
  public static final ComponentOptions OPTIONS = ComponentOptions.source(TYPE, "Records of Kafka topics, "
      + "committed only past records the whole pipeline is done with; fields message, key, topic, partition, "
      + "offset, timestamp.", BOOTSTRAP_SERVERS, TOPICS, GROUP_ID, COMMIT_INTERVAL, COMMIT_BATCH, DEAD_LETTER_SUFFIX,
      PROPERTIES, CLIENT_CONFIG, EXACTLY_ONCE, TRANSACTIONAL_ID);

  private final String bootstrapServers;
  private final List<String> topics;
  private final String groupId;
  private final Duration commitInterval; // null: the system's config
  private final Integer commitBatch; // null: the system's config
  private final String deadLetterSuffix; // null: the system's config
  private final Map<String, String> properties;
  private final String clientConfig; // null: none
  private final boolean exactlyOnce;
  private final String transactionalId; // null: <group>-tx-0

  private KafkaEventSource(String bootstrapServers, List<String> topics, String groupId, Duration commitInterval,
      Integer commitBatch, String deadLetterSuffix, Map<String, String> properties, String clientConfig,
      boolean exactlyOnce, String transactionalId) {
    this.clientConfig = clientConfig;
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.groupId = groupId;
    this.commitInterval = commitInterval;
    this.commitBatch = commitBatch;
    this.deadLetterSuffix = deadLetterSuffix;
    this.properties = properties;
    this.exactlyOnce = exactlyOnce;
    this.transactionalId = transactionalId;
  }

  /** Reads the options ({@link #OPTIONS}). */
  public static KafkaEventSource create(Options options) {
    OPTIONS.declareIn(options);
    String bootstrap = BOOTSTRAP_SERVERS.read(options).orElse(null);
    List<String> topics = TOPICS.read(options).orElse(List.of());
    String group = GROUP_ID.read(options).orElse(null);
    Duration interval = COMMIT_INTERVAL.read(options).orElse(null);
    Integer batch = COMMIT_BATCH.read(options).orElse(null);
    String suffix = DEAD_LETTER_SUFFIX.read(options).orElse(null);
    Map<String, String> properties = PROPERTIES.read(options).orElse(Map.of());
    boolean exactlyOnce = EXACTLY_ONCE.read(options).orElse(false);
    String transactionalId = TRANSACTIONAL_ID.read(options).orElse(null);
    if (transactionalId != null && !exactlyOnce) {
      options.error(TRANSACTIONAL_ID.name(), "applies only with exactly_once = true");
    }
    return new KafkaEventSource(bootstrap, topics, group, interval, batch, suffix, properties,
        CLIENT_CONFIG.read(options).orElse(null), exactlyOnce, transactionalId);
  }

  /**
   * The client properties of a Kafka component: its {@code client_config} file, then its {@code properties} over
   * it, secret references ({@code ${env:NAME}}, {@code ${file:PATH}}) resolved.
   *
   * @throws IllegalArgumentException naming the file, property or variable (never a secret) on a failure
   */
  static Map<String, String> clientProperties(String clientConfig, Map<String, String> properties) {
    Map<String, String> result = new java.util.LinkedHashMap<>();
    if (clientConfig != null) {
      result.putAll(KafkaClientConfig.load(java.nio.file.Path.of(clientConfig)));
    }
    try {
      result.putAll(SecretReferences.resolveAll(properties));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("properties." + e.getMessage(), e);
    }
    return result;
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "key", "topic", "partition", "offset", "timestamp");
  }

  /** The topics received (pipeline events) and their dead-letter topics, as a Kafka runner describes them. */
  @Override
  public List<ChannelDescription> describe(Config config) {
    KafkaSourceSettings<String> settings = KafkaSourceSettings.fromConfig(config, bootstrapServers, groupId, topics,
        PayloadDecoder.string());
    if (deadLetterSuffix != null) {
      settings = settings.withDeadLetterSuffix(deadLetterSuffix);
    }
    return EventMessages.received(KafkaRunner.describe(settings));
  }

  @Override
  public RunningSource start(RunContext context) {
    KafkaSourceSettings<String> settings;
    try {
      // what the pipeline file leaves out comes from the system's config (tributary.kafka, reference.conf)
      settings = KafkaSourceSettings.fromConfig(context.system().settings().config(), bootstrapServers, groupId,
          topics, PayloadDecoder.string());
    } catch (ConfigException e) {
      throw context.failure(e.getMessage(), e);
    }
    if (commitInterval != null) {
      settings = settings.withCommitInterval(commitInterval);
    }
    if (commitBatch != null) {
      settings = settings.withCommitBatchSize(commitBatch);
    }
    if (deadLetterSuffix != null) {
      settings = settings.withDeadLetterSuffix(deadLetterSuffix);
    }
    try {
      settings = settings.withClientProperties(clientProperties(clientConfig, properties));
    } catch (IllegalArgumentException e) {
      throw context.failure(e.getMessage(), e);
    }
    if (exactlyOnce) {
      return startExactlyOnce(context, settings);
    }
    Source<Envelope<String>, KafkaControl> records;
    try {
      records = KafkaSource.create(context.system(), settings);
    } catch (KafkaSetupException e) {
      throw context.failure(e.getMessage(), e);
    }
    return controlled(context, records, c -> "committed=" + committed(c.committedOffsets()));
  }

  /** The source for exactly-once sinks: their records commit with each record's offset in one transaction. */
  private RunningSource startExactlyOnce(RunContext context, KafkaSourceSettings<String> settings) {
    Source<Envelope<String>, TransactionalControl> records;
    try {
      TransactionalSettings tx = TransactionalSettings.fromConfig(context.system().settings().config());
      if (transactionalId != null) {
        tx = tx.withTransactionalId(transactionalId);
      }
      records = TransactionalKafkaSource.create(settings, tx, EXACTLY_ONCE_BUFFER);
    } catch (KafkaSetupException | ConfigException e) {
      throw context.failure(e.getMessage(), e);
    }
    return controlled(context, records, c -> "committed=" + committed(c.committedOffsets()) + " transactions="
        + c.commits() + " aborts=" + c.aborts());
  }

  /** Envelopes handed to the graph ahead of its demand, at most, in exactly-once mode. */
  private static final int EXACTLY_ONCE_BUFFER = 1024;

  private static <C extends SourceControl> RunningSource controlled(RunContext context,
      Source<Envelope<String>, C> records, Function<C, String> report) {
    DeliveryTracker tracker = context.tracker();
    AtomicReference<C> control = new AtomicReference<>();
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
          return List.of(tracker.open(eventOf(envelope), envelope, "kafka"));
        });
    // The release commits what every sink has (never past an unfinished record) and closes the consumer.
    return new ControlledSource<>(control::get, deliveries, Optional.empty(), (c, inFlight) -> report.apply(c));
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

  private static Map<String, Long> committed(Map<TopicPartition, Long> offsets) {
    Map<String, Long> result = new TreeMap<>();
    offsets.forEach((tp, offset) -> result.put(tp.toString(), offset));
    return result;
  }
}
