package io.tributary.cluster.workers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.List;

/**
 * Settings of {@link KeyedWorkers}: how long a sender waits for an entity before asking again, when
 * idle entities passivate, how many shards, and whether shards follow Kafka partitions. Immutable;
 * {@link #create} gives the defaults of {@code reference.conf} ({@code tributary.keyed-workers}).
 */
public final class KeyedWorkerSettings {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.keyed-workers";

  /** The setting {@code tributary.keyed-workers.ask-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> ASK_TIMEOUT =
      Setting.of(SECTION + ".ask-timeout", SettingType.positiveDuration());
  /** The setting {@code tributary.keyed-workers.passivate-after}, documented in {@code reference.conf}. */
  public static final Setting<Duration> PASSIVATE_AFTER =
      Setting.of(SECTION + ".passivate-after", SettingType.positiveDuration());
  /** The setting {@code tributary.keyed-workers.number-of-shards}, documented in {@code reference.conf}. */
  public static final Setting<Integer> NUMBER_OF_SHARDS =
      Setting.of(SECTION + ".number-of-shards", SettingType.integer(1, 100_000));

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(ASK_TIMEOUT, PASSIVATE_AFTER, NUMBER_OF_SHARDS);
  }

  private final Duration askTimeout;
  private final Duration passivateAfter;
  private final int numberOfShards;
  private final boolean partitionAligned;

  private KeyedWorkerSettings(Duration askTimeout, Duration passivateAfter, int numberOfShards,
      boolean partitionAligned) {
    this.askTimeout = ASK_TIMEOUT.type().check(ASK_TIMEOUT.javaName(), askTimeout);
    this.passivateAfter = PASSIVATE_AFTER.type().check(PASSIVATE_AFTER.javaName(), passivateAfter);
    this.numberOfShards = NUMBER_OF_SHARDS.type().check(NUMBER_OF_SHARDS.javaName(), numberOfShards);
    this.partitionAligned = partitionAligned;
  }

  /** @return the defaults of {@code reference.conf} */
  public static KeyedWorkerSettings create() {
    return fromConfig(ConfigFactory.load());
  }

  /** @return the settings of {@code config}'s section {@code tributary.keyed-workers} */
  public static KeyedWorkerSettings fromConfig(Config config) {
    return new KeyedWorkerSettings(ASK_TIMEOUT.read(config), PASSIVATE_AFTER.read(config),
        NUMBER_OF_SHARDS.read(config), false);
  }

  /** @return a copy whose senders wait {@code timeout} for an answer before asking again */
  public KeyedWorkerSettings withAskTimeout(Duration timeout) {
    return new KeyedWorkerSettings(timeout, passivateAfter, numberOfShards, partitionAligned);
  }

  /** @return a copy whose entities stop after {@code idle} without work */
  public KeyedWorkerSettings withPassivateAfter(Duration idle) {
    return new KeyedWorkerSettings(askTimeout, idle, numberOfShards, partitionAligned);
  }

  /** @return a copy with {@code n} shards (ignored when partition-aligned: one shard per partition) */
  public KeyedWorkerSettings withNumberOfShards(int n) {
    return new KeyedWorkerSettings(askTimeout, passivateAfter, n, partitionAligned);
  }

  /**
   * @return a copy whose shards are the source's partitions, placed on the node that consumes the
   *     partition (see {@link PartitionAlignment}): processing needs no network hop. Every {@link
   *     KeyedWorkers.Work} must then name its shard.
   */
  public KeyedWorkerSettings withPartitionAligned(boolean aligned) {
    return new KeyedWorkerSettings(askTimeout, passivateAfter, numberOfShards, aligned);
  }

  /** @return how long a sender waits for an answer before asking again */
  public Duration askTimeout() {
    return askTimeout;
  }

  /** @return how long an entity may be idle before it stops */
  public Duration passivateAfter() {
    return passivateAfter;
  }

  /** @return the number of shards (of key hashes) */
  public int numberOfShards() {
    return numberOfShards;
  }

  /** @return whether shards follow the source's partitions */
  public boolean partitionAligned() {
    return partitionAligned;
  }

  @Override
  public String toString() {
    return "KeyedWorkerSettings[askTimeout=" + askTimeout + ", passivateAfter=" + passivateAfter + ", shards="
        + (partitionAligned ? "partition-aligned" : numberOfShards) + "]";
  }
}
