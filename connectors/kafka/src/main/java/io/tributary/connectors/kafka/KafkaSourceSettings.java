package io.tributary.connectors.kafka;

import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KafkaSource}: where to connect, what to consume, how to decode, and the
 * commit and rebalance behaviour. Immutable; start with {@link #create} and change with {@code
 * withX}. The defaults are tuned so that a user gets throughput without tuning (large polls,
 * batched commits) while keeping the at-least-once guarantee.
 *
 * @param <T> the payload type the decoder produces
 */
public final class KafkaSourceSettings<T> {

  private final String bootstrapServers;
  private final String groupId;
  private final List<String> topics;
  private final PayloadDecoder<T> decoder;
  private final Map<String, String> consumerProperties;
  private final int commitBatchSize;
  private final Duration commitInterval;
  private final Duration revokeDrainTimeout;
  private final String deadLetterSuffix;
  private final Duration preflightTimeout;
  private final boolean preflight;

  private KafkaSourceSettings(String bootstrapServers, String groupId, List<String> topics,
      PayloadDecoder<T> decoder, Map<String, String> consumerProperties, int commitBatchSize,
      Duration commitInterval, Duration revokeDrainTimeout, String deadLetterSuffix,
      Duration preflightTimeout, boolean preflight) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.groupId = Objects.requireNonNull(groupId, "groupId");
    if (topics == null || topics.isEmpty()) {
      throw new IllegalArgumentException("at least one topic is needed");
    }
    this.topics = List.copyOf(topics);
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.consumerProperties = Map.copyOf(consumerProperties);
    if (commitBatchSize < 1) {
      throw new IllegalArgumentException("commitBatchSize must be >= 1, was " + commitBatchSize);
    }
    this.commitBatchSize = commitBatchSize;
    this.commitInterval = positive(commitInterval, "commitInterval");
    this.revokeDrainTimeout = Objects.requireNonNull(revokeDrainTimeout, "revokeDrainTimeout");
    this.deadLetterSuffix = Objects.requireNonNull(deadLetterSuffix, "deadLetterSuffix");
    this.preflightTimeout = positive(preflightTimeout, "preflightTimeout");
    this.preflight = preflight;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
    return d;
  }

  /**
   * Settings with the defaults: commit every 5,000 acknowledgements or every second, whichever
   * comes first; a 10 s drain window on revocation; dead letters to {@code <topic>.dlq}; a 15 s
   * preflight check that the brokers answer and the topics exist.
   */
  public static <T> KafkaSourceSettings<T> create(String bootstrapServers, String groupId,
      List<String> topics, PayloadDecoder<T> decoder) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, Map.of(), 5_000,
        Duration.ofSeconds(1), Duration.ofSeconds(10), ".dlq", Duration.ofSeconds(15), true);
  }

  /** @return a copy with an extra Kafka consumer property (overrides Tributary's defaults) */
  public KafkaSourceSettings<T> withConsumerProperty(String key, String value) {
    Map<String, String> props = new LinkedHashMap<>(consumerProperties);
    props.put(key, value);
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, props,
        commitBatchSize, commitInterval, revokeDrainTimeout, deadLetterSuffix, preflightTimeout, preflight);
  }

  /** @return a copy that commits after this many acknowledgements (and on every interval tick) */
  public KafkaSourceSettings<T> withCommitBatchSize(int n) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, consumerProperties,
        n, commitInterval, revokeDrainTimeout, deadLetterSuffix, preflightTimeout, preflight);
  }

  /** @return a copy that commits at least this often while acknowledgements come in */
  public KafkaSourceSettings<T> withCommitInterval(Duration d) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, consumerProperties,
        commitBatchSize, d, revokeDrainTimeout, deadLetterSuffix, preflightTimeout, preflight);
  }

  /** @return a copy with another drain window for revoked partitions (keep it below max.poll.interval.ms) */
  public KafkaSourceSettings<T> withRevokeDrainTimeout(Duration d) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, consumerProperties,
        commitBatchSize, commitInterval, d, deadLetterSuffix, preflightTimeout, preflight);
  }

  /** @return a copy whose dead letters go to {@code <topic><suffix>} */
  public KafkaSourceSettings<T> withDeadLetterSuffix(String suffix) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, consumerProperties,
        commitBatchSize, commitInterval, revokeDrainTimeout, suffix, preflightTimeout, preflight);
  }

  /** @return a copy with another bound on the startup check (brokers reachable, topics exist) */
  public KafkaSourceSettings<T> withPreflightTimeout(Duration d) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, consumerProperties,
        commitBatchSize, commitInterval, revokeDrainTimeout, deadLetterSuffix, d, preflight);
  }

  /** @return a copy that skips the startup check (topics may then be auto-created by the broker) */
  public KafkaSourceSettings<T> withoutPreflight() {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, decoder, consumerProperties,
        commitBatchSize, commitInterval, revokeDrainTimeout, deadLetterSuffix, preflightTimeout, false);
  }

  /** @return a copy with another decoder */
  public <R> KafkaSourceSettings<R> withDecoder(PayloadDecoder<R> newDecoder) {
    return new KafkaSourceSettings<>(bootstrapServers, groupId, topics, newDecoder, consumerProperties,
        commitBatchSize, commitInterval, revokeDrainTimeout, deadLetterSuffix, preflightTimeout, preflight);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String groupId() {
    return groupId;
  }

  public List<String> topics() {
    return topics;
  }

  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  public Map<String, String> consumerProperties() {
    return consumerProperties;
  }

  public int commitBatchSize() {
    return commitBatchSize;
  }

  public Duration commitInterval() {
    return commitInterval;
  }

  public Duration revokeDrainTimeout() {
    return revokeDrainTimeout;
  }

  /** @return the dead-letter topic of {@code topic} */
  public String deadLetterTopic(String topic) {
    return topic + deadLetterSuffix;
  }

  public Duration preflightTimeout() {
    return preflightTimeout;
  }

  public boolean preflight() {
    return preflight;
  }
}
