package io.tributary.connectors.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of a {@link KafkaSource}: where to connect, what to consume, how to decode, and the
 * commit and rebalance behaviour. Immutable; start with {@link #create} (the defaults of {@code
 * reference.conf}) or {@link #fromConfig} (the application's config under {@code tributary.kafka})
 * and change with {@code withX}. The defaults give throughput without tuning (large polls, batched
 * commits) while keeping the at-least-once guarantee.
 *
 * @param <T> the payload type the decoder produces
 */
public final class KafkaSourceSettings<T> {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.kafka";

  /** The setting {@code tributary.kafka.commit-batch-size}, documented in {@code reference.conf}. */
  public static final Setting<Integer> COMMIT_BATCH_SIZE =
      Setting.of(SECTION + ".commit-batch-size", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.kafka.commit-interval}, documented in {@code reference.conf}. */
  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.of(SECTION + ".commit-interval", SettingType.positiveDuration());
  /** The setting {@code tributary.kafka.revoke-drain-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> REVOKE_DRAIN_TIMEOUT =
      Setting.of(SECTION + ".revoke-drain-timeout", SettingType.duration(Duration.ZERO, true, ""));
  /** The setting {@code tributary.kafka.dead-letter-suffix}, documented in {@code reference.conf}. */
  public static final Setting<String> DEAD_LETTER_SUFFIX =
      Setting.of(SECTION + ".dead-letter-suffix", SettingType.string());
  /** The setting {@code tributary.kafka.preflight}, documented in {@code reference.conf}. */
  public static final Setting<Boolean> PREFLIGHT = Setting.of(SECTION + ".preflight", SettingType.bool());
  /** The setting {@code tributary.kafka.preflight-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> PREFLIGHT_TIMEOUT =
      Setting.of(SECTION + ".preflight-timeout", SettingType.positiveDuration());
  /** The setting {@code tributary.kafka.partition-fair-fetch}, documented in {@code reference.conf}. */
  public static final Setting<Boolean> PARTITION_FAIR_FETCH =
      Setting.of(SECTION + ".partition-fair-fetch", SettingType.bool());
  /** The setting {@code tributary.kafka.consumer-properties}, documented in {@code reference.conf}. */
  public static final Setting<Map<String, String>> CONSUMER_PROPERTIES =
      Setting.of(SECTION + ".consumer-properties", SettingType.stringMap());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(COMMIT_BATCH_SIZE, COMMIT_INTERVAL, REVOKE_DRAIN_TIMEOUT, DEAD_LETTER_SUFFIX, PREFLIGHT,
        PREFLIGHT_TIMEOUT, PARTITION_FAIR_FETCH, CONSUMER_PROPERTIES);
  }

  private final PayloadDecoder<T> decoder;
  private final Values v;

  /** The values besides the decoder; a fresh copy per instance, never changed once the instance exists. */
  private static final class Values {
    String bootstrapServers;
    String groupId;
    List<String> topics;
    Map<String, String> consumerProperties;
    int commitBatchSize;
    Duration commitInterval;
    Duration revokeDrainTimeout;
    String deadLetterSuffix;
    Duration preflightTimeout;
    boolean preflight;
    boolean partitionFairFetch;
    PartitionListener partitionListener = PartitionListener.NONE;

    Values copy() {
      Values c = new Values();
      c.bootstrapServers = bootstrapServers;
      c.groupId = groupId;
      c.topics = topics;
      c.consumerProperties = consumerProperties;
      c.commitBatchSize = commitBatchSize;
      c.commitInterval = commitInterval;
      c.revokeDrainTimeout = revokeDrainTimeout;
      c.deadLetterSuffix = deadLetterSuffix;
      c.preflightTimeout = preflightTimeout;
      c.preflight = preflight;
      c.partitionFairFetch = partitionFairFetch;
      c.partitionListener = partitionListener;
      return c;
    }

    List<Object> all() {
      return List.of(bootstrapServers, groupId, topics, consumerProperties, commitBatchSize, commitInterval,
          revokeDrainTimeout, deadLetterSuffix, preflightTimeout, preflight, partitionFairFetch, partitionListener);
    }
  }

  private KafkaSourceSettings(PayloadDecoder<T> decoder, Values v) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(v.bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(v.groupId, "groupId");
    if (v.topics == null || v.topics.isEmpty()) {
      throw new IllegalArgumentException("at least one topic is needed");
    }
    v.topics = List.copyOf(v.topics);
    v.consumerProperties = Map.copyOf(CONSUMER_PROPERTIES.check(v.consumerProperties));
    COMMIT_BATCH_SIZE.check(v.commitBatchSize);
    COMMIT_INTERVAL.check(v.commitInterval);
    REVOKE_DRAIN_TIMEOUT.check(v.revokeDrainTimeout);
    DEAD_LETTER_SUFFIX.check(v.deadLetterSuffix);
    PREFLIGHT_TIMEOUT.check(v.preflightTimeout);
    this.v = v;
  }

  /**
   * Settings with the defaults of {@code reference.conf} ({@code tributary.kafka}): commits batched
   * by count and by time, whichever comes first; a drain window for revoked partitions; dead letters
   * to {@code <topic><dead-letter-suffix>}; a preflight check that the brokers answer and the topics
   * exist.
   */
  public static <T> KafkaSourceSettings<T> create(String bootstrapServers, String groupId,
      List<String> topics, PayloadDecoder<T> decoder) {
    return fromConfig(ConfigFactory.empty(), bootstrapServers, groupId, topics, decoder);
  }

  /**
   * Settings from {@code config}'s section {@code tributary.kafka}, with the defaults of {@code
   * reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
   * @param groupId the consumer group
   * @param topics the topics to consume, at least one
   * @param decoder turns record values into payloads
   * @param <T> the payload type
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static <T> KafkaSourceSettings<T> fromConfig(Config config, String bootstrapServers, String groupId,
      List<String> topics, PayloadDecoder<T> decoder) {
    Values v = new Values();
    v.bootstrapServers = bootstrapServers;
    v.groupId = groupId;
    v.topics = topics;
    v.consumerProperties = CONSUMER_PROPERTIES.read(config);
    v.commitBatchSize = COMMIT_BATCH_SIZE.read(config);
    v.commitInterval = COMMIT_INTERVAL.read(config);
    v.revokeDrainTimeout = REVOKE_DRAIN_TIMEOUT.read(config);
    v.deadLetterSuffix = DEAD_LETTER_SUFFIX.read(config);
    v.preflightTimeout = PREFLIGHT_TIMEOUT.read(config);
    v.preflight = PREFLIGHT.read(config);
    v.partitionFairFetch = PARTITION_FAIR_FETCH.read(config);
    return new KafkaSourceSettings<>(decoder, v);
  }

  private KafkaSourceSettings<T> with(Consumer<Values> change) {
    Values c = v.copy();
    change.accept(c);
    return new KafkaSourceSettings<>(decoder, c);
  }

  /** @return a copy with an extra Kafka consumer property (overrides Tributary's defaults) */
  public KafkaSourceSettings<T> withConsumerProperty(String key, String value) {
    Map<String, String> props = new LinkedHashMap<>(v.consumerProperties);
    props.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return with(c -> c.consumerProperties = props);
  }

  /**
   * Adds every property of a Kafka client config ({@link KafkaClientConfig#load}): {@code security.protocol},
   * {@code sasl.*}, {@code ssl.*} and the like reach the consumer, the startup check and the dead-letter producer.
   *
   * @param properties client properties, secret references already resolved
   * @return a copy with the properties added (they override Tributary's defaults)
   */
  public KafkaSourceSettings<T> withClientProperties(Map<String, String> properties) {
    Map<String, String> props = new LinkedHashMap<>(v.consumerProperties);
    properties.forEach((k, val) -> props.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(val, "value")));
    return with(c -> c.consumerProperties = props);
  }

  /** @return a copy that commits after this many acknowledgements (and on every interval tick) */
  public KafkaSourceSettings<T> withCommitBatchSize(int n) {
    return with(c -> c.commitBatchSize = n);
  }

  /** @return a copy that commits at least this often while acknowledgements come in */
  public KafkaSourceSettings<T> withCommitInterval(Duration d) {
    return with(c -> c.commitInterval = d);
  }

  /** @return a copy with another drain window for revoked partitions (keep it below max.poll.interval.ms) */
  public KafkaSourceSettings<T> withRevokeDrainTimeout(Duration d) {
    return with(c -> c.revokeDrainTimeout = d);
  }

  /** @return a copy whose dead letters go to {@code <topic><suffix>} */
  public KafkaSourceSettings<T> withDeadLetterSuffix(String suffix) {
    return with(c -> c.deadLetterSuffix = suffix);
  }

  /** @return a copy with another bound on the startup check (brokers reachable, topics exist) */
  public KafkaSourceSettings<T> withPreflightTimeout(Duration d) {
    return with(c -> c.preflightTimeout = d);
  }

  /** @return a copy that skips the startup check (topics may then be auto-created by the broker) */
  public KafkaSourceSettings<T> withoutPreflight() {
    return with(c -> c.preflight = false);
  }

  /**
   * Whether {@code ORDERED_PER_KEY} fetches each partition as its own substream, merged fairly ({@code ORDERED}
   * always does; default on, {@code tributary.kafka.partition-fair-fetch}). The runner's look-ahead then holds
   * records of every partition, so a few keys per partition do not bound what runs: with 10 keys over 4
   * partitions and a 5 ms handler, 9 or 10 in flight instead of 6 or 7; with 100 keys, 0.83x of the parallelism bound
   * instead of 0.30x. Off, one merged fetch: a partition's backlog can fill the look-ahead. Either way a crash
   * (SIGKILL) reruns what was handled after the last commit; a faster runner handles more in that time, so on
   * a backlog it reruns more (with fair fetch about 2,100 records against 1,200, 100 keys, commits every 200 ms).
   *
   * @param fair whether to fetch partitions fairly in every ordered mode
   * @return a copy with that fetch
   */
  public KafkaSourceSettings<T> withPartitionFairFetch(boolean fair) {
    return with(c -> c.partitionFairFetch = fair);
  }

  /**
   * @return a copy that tells {@code listener} when partitions are assigned and released (after the
   *     safe-commit tracker handled them)
   */
  public KafkaSourceSettings<T> withPartitionListener(PartitionListener listener) {
    Objects.requireNonNull(listener, "listener");
    return with(c -> c.partitionListener = listener);
  }

  /** @return a copy with another decoder */
  public <R> KafkaSourceSettings<R> withDecoder(PayloadDecoder<R> newDecoder) {
    return new KafkaSourceSettings<>(newDecoder, v.copy());
  }

  /** @return the brokers, {@code host:port[,host:port...]} */
  public String bootstrapServers() {
    return v.bootstrapServers;
  }

  /** @return the consumer group */
  public String groupId() {
    return v.groupId;
  }

  /** @return the topics consumed */
  public List<String> topics() {
    return v.topics;
  }

  /** @return the payload decoder */
  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  /** @return the Kafka consumer properties that override Tributary's defaults */
  public Map<String, String> consumerProperties() {
    return v.consumerProperties;
  }

  /** @return acknowledgements after which a commit is due */
  public int commitBatchSize() {
    return v.commitBatchSize;
  }

  /** @return the longest time between commits while acknowledgements come in */
  public Duration commitInterval() {
    return v.commitInterval;
  }

  /** @return the drain window of revoked partitions */
  public Duration revokeDrainTimeout() {
    return v.revokeDrainTimeout;
  }

  /** @return the dead-letter topic of {@code topic} */
  public String deadLetterTopic(String topic) {
    return topic + v.deadLetterSuffix;
  }

  /** @return who is told of assignments and releases ({@link PartitionListener#NONE} by default) */
  public PartitionListener partitionListener() {
    return v.partitionListener;
  }

  /** @return the bound on the startup check */
  public Duration preflightTimeout() {
    return v.preflightTimeout;
  }

  /** @return whether the startup check runs */
  public boolean preflight() {
    return v.preflight;
  }

  /** @return whether {@code ORDERED_PER_KEY} fetches each partition as its own substream too */
  public boolean partitionFairFetch() {
    return v.partitionFairFetch;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaSourceSettings && ((KafkaSourceSettings<?>) o).decoder.equals(decoder)
        && ((KafkaSourceSettings<?>) o).v.all().equals(v.all());
  }

  @Override
  public int hashCode() {
    return Objects.hash(decoder, v.all());
  }

  @Override
  public String toString() {
    return "KafkaSourceSettings(bootstrapServers=" + v.bootstrapServers + ", groupId=" + v.groupId + ", topics="
        + v.topics + ", commitBatchSize=" + v.commitBatchSize + ", commitInterval=" + v.commitInterval
        + ", revokeDrainTimeout=" + v.revokeDrainTimeout + ", deadLetterSuffix=" + v.deadLetterSuffix
        + ", preflight=" + (v.preflight ? v.preflightTimeout : "off") + ", consumerProperties="
        + v.consumerProperties.keySet() + ")";
  }
}
