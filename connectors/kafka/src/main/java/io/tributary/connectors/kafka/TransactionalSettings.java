package io.tributary.connectors.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transaction side of a {@link TransactionalKafkaRunner}: the producer's {@code transactional.id}, when a
 * transaction commits (an interval and a size, whichever comes first), the broker's transaction timeout, how many
 * aborts in a row stop the runner, and extra producer properties. Defaults in {@code reference.conf}, section
 * {@code tributary.kafka.transactional}.
 *
 * @param transactionalId the producer's {@code transactional.id}; empty: {@code <group>-tx-0}
 * @param commitInterval the open transaction commits at least this often
 * @param commitSize the open transaction commits once it holds this many input records
 * @param transactionTimeout {@code transaction.timeout.ms}: the broker aborts a transaction open longer
 * @param maxAborts aborts in a row (no commit between them) after which the runner stops
 * @param producerProperties Kafka producer properties over Tributary's own
 * @param outputTopics topics the handler produces to, checked at start like the input (none by default)
 */
public record TransactionalSettings(String transactionalId, Duration commitInterval, int commitSize,
    Duration transactionTimeout, int maxAborts, Map<String, String> producerProperties, List<String> outputTopics) {

  /** The config section of these settings. */
  public static final String SECTION = KafkaSourceSettings.SECTION + ".transactional";

  /** The setting {@code tributary.kafka.transactional.transactional-id}, documented in {@code reference.conf}. */
  public static final Setting<String> TRANSACTIONAL_ID = Setting.of(SECTION + ".transactional-id", SettingType.string());
  /** The setting {@code tributary.kafka.transactional.commit-interval}, documented in {@code reference.conf}. */
  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.of(SECTION + ".commit-interval", SettingType.positiveDuration());
  /** The setting {@code tributary.kafka.transactional.commit-size}, documented in {@code reference.conf}. */
  public static final Setting<Integer> COMMIT_SIZE =
      Setting.of(SECTION + ".commit-size", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.kafka.transactional.transaction-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> TRANSACTION_TIMEOUT =
      Setting.of(SECTION + ".transaction-timeout", SettingType.positiveDuration());
  /** The setting {@code tributary.kafka.transactional.max-aborts}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_ABORTS =
      Setting.of(SECTION + ".max-aborts", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.kafka.transactional.producer-properties}, documented in {@code reference.conf}. */
  public static final Setting<Map<String, String>> PRODUCER_PROPERTIES =
      Setting.of(SECTION + ".producer-properties", SettingType.stringMap());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(TRANSACTIONAL_ID, COMMIT_INTERVAL, COMMIT_SIZE, TRANSACTION_TIMEOUT, MAX_ABORTS,
        PRODUCER_PROPERTIES);
  }

  /** Checks every value against its setting's rule and copies the properties. */
  public TransactionalSettings {
    transactionalId = TRANSACTIONAL_ID.check(Objects.requireNonNull(transactionalId, "transactionalId"));
    COMMIT_INTERVAL.check(commitInterval);
    COMMIT_SIZE.check(commitSize);
    TRANSACTION_TIMEOUT.check(transactionTimeout);
    MAX_ABORTS.check(maxAborts);
    producerProperties = Map.copyOf(PRODUCER_PROPERTIES.check(producerProperties));
    outputTopics = List.copyOf(outputTopics);
  }

  /** @return the defaults of {@code reference.conf} */
  public static TransactionalSettings defaults() {
    return fromConfig(ConfigFactory.empty());
  }

  /**
   * Settings from {@code config}'s section {@code tributary.kafka.transactional}, with the defaults of {@code
   * reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @return the settings
   */
  public static TransactionalSettings fromConfig(Config config) {
    return new TransactionalSettings(TRANSACTIONAL_ID.read(config), COMMIT_INTERVAL.read(config),
        COMMIT_SIZE.read(config), TRANSACTION_TIMEOUT.read(config), MAX_ABORTS.read(config),
        PRODUCER_PROPERTIES.read(config), List.of());
  }

  /** @return a copy with this {@code transactional.id} (each instance its own, stable across restarts) */
  public TransactionalSettings withTransactionalId(String id) {
    return new TransactionalSettings(id, commitInterval, commitSize, transactionTimeout, maxAborts,
        producerProperties, outputTopics);
  }

  /** @return a copy committing at least this often */
  public TransactionalSettings withCommitInterval(Duration d) {
    return new TransactionalSettings(transactionalId, d, commitSize, transactionTimeout, maxAborts,
        producerProperties, outputTopics);
  }

  /** @return a copy committing once a transaction holds {@code n} input records */
  public TransactionalSettings withCommitSize(int n) {
    return new TransactionalSettings(transactionalId, commitInterval, n, transactionTimeout, maxAborts,
        producerProperties, outputTopics);
  }

  /** @return a copy with this broker-side transaction timeout */
  public TransactionalSettings withTransactionTimeout(Duration d) {
    return new TransactionalSettings(transactionalId, commitInterval, commitSize, d, maxAborts,
        producerProperties, outputTopics);
  }

  /** @return a copy stopping after {@code n} aborts in a row */
  public TransactionalSettings withMaxAborts(int n) {
    return new TransactionalSettings(transactionalId, commitInterval, commitSize, transactionTimeout, n,
        producerProperties, outputTopics);
  }

  /** @return a copy with an extra Kafka producer property (overrides Tributary's) */
  public TransactionalSettings withProducerProperty(String key, String value) {
    Map<String, String> props = new LinkedHashMap<>(producerProperties);
    props.put(key, value);
    return new TransactionalSettings(transactionalId, commitInterval, commitSize, transactionTimeout, maxAborts,
        props, outputTopics);
  }

  /**
   * @param topics the topics the handler produces to: a missing one fails the start (with the preflight), rather
   *     than the first transaction
   * @return a copy checking these output topics at start
   */
  public TransactionalSettings withOutputTopics(List<String> topics) {
    return new TransactionalSettings(transactionalId, commitInterval, commitSize, transactionTimeout, maxAborts,
        producerProperties, topics);
  }

  /**
   * @param groupId the consumer group of the runner
   * @return the {@code transactional.id} to use: the one set, else {@code <group>-tx-0}
   */
  public String transactionalIdFor(String groupId) {
    return transactionalId.isEmpty() ? groupId + "-tx-0" : transactionalId;
  }
}
