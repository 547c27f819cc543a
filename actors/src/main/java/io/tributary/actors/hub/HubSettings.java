package io.tributary.actors.hub;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.util.List;
import java.util.Objects;

/**
 * Defaults of an {@link EventHub}: the capacity and policy of topics created on first use, and the
 * largest batch delivered to a subscriber actor per acknowledgement. Immutable; start from {@link
 * #defaults()} (the defaults of {@code reference.conf}) or {@link #fromConfig} (the application's
 * config under {@code tributary.hub}) and change with the {@code withX} methods.
 *
 * @param defaultCapacity capacity of implicitly created topics (rounded up to a power of two)
 * @param defaultPolicy policy of implicitly created topics
 * @param maxBatch most values in one {@link EventHub.Events} message
 */
public record HubSettings(int defaultCapacity, Policy defaultPolicy, int maxBatch) {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.hub";

  /** The setting {@code tributary.hub.default-capacity}, documented in {@code reference.conf}. */
  public static final Setting<Integer> DEFAULT_CAPACITY =
      Setting.of(SECTION + ".default-capacity", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.hub.default-policy}, documented in {@code reference.conf}. */
  public static final Setting<Policy> DEFAULT_POLICY =
      Setting.of(SECTION + ".default-policy", SettingType.oneOf(Policy.class));
  /** The setting {@code tributary.hub.max-batch}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_BATCH =
      Setting.of(SECTION + ".max-batch", SettingType.integer(1, Integer.MAX_VALUE));

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(DEFAULT_CAPACITY, DEFAULT_POLICY, MAX_BATCH);
  }

  /** Validates the settings. */
  public HubSettings {
    if (defaultCapacity < 1) {
      throw new IllegalArgumentException("defaultCapacity must be >= 1, was " + defaultCapacity);
    }
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
    }
  }

  /**
   * The defaults of {@code reference.conf}: capacity 1024, BACKPRESSURE (lossless unless a
   * subscriber asks for LAG), batches of up to 256.
   */
  public static HubSettings defaults() {
    return fromConfig(ConfigFactory.empty());
  }

  /**
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @return the settings of {@code config}'s section {@code tributary.hub}, with the defaults of
   *     {@code reference.conf} for what it does not set
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static HubSettings fromConfig(Config config) {
    return new HubSettings(DEFAULT_CAPACITY.read(config), DEFAULT_POLICY.read(config), MAX_BATCH.read(config));
  }

  /** @return a copy with another default capacity */
  public HubSettings withDefaultCapacity(int capacity) {
    return new HubSettings(capacity, defaultPolicy, maxBatch);
  }

  /** @return a copy with another default policy */
  public HubSettings withDefaultPolicy(Policy policy) {
    return new HubSettings(defaultCapacity, policy, maxBatch);
  }

  /** @return a copy with another batch limit */
  public HubSettings withMaxBatch(int max) {
    return new HubSettings(defaultCapacity, defaultPolicy, max);
  }
}
