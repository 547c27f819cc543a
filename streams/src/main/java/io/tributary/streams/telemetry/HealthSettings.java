package io.tributary.streams.telemetry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When a runner's lanes count as slow or stuck, and when a stuck lane makes the runner not ready.
 * Immutable; start from {@link #defaults()} (the defaults of {@code reference.conf}) or {@link
 * #fromConfig} (the application's config under {@code tributary.health}) and change with the {@code
 * withX} methods.
 *
 * @param stuckAfter a lane is stuck when it made no progress for this long (its message in flight, or
 *     waiting for a free slot, this long)
 * @param slowHandler a runner is slow while a handler runs, or recently ran, longer than this
 * @param notReadyAfter a runner is not ready once a lane has been stuck this long ({@code 0} = at once)
 * @param checkInterval how often a runner publishes its lanes and its monitor checks them; at most half of
 *     {@code stuckAfter} and of {@code slowHandler}
 */
public record HealthSettings(Duration stuckAfter, Duration slowHandler, Duration notReadyAfter,
    Duration checkInterval) {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.health";

  /** The setting {@code tributary.health.stuck-after}, documented in {@code reference.conf}. */
  public static final Setting<Duration> STUCK_AFTER = Setting.of(SECTION + ".stuck-after",
      SettingType.positiveDuration());
  /** The setting {@code tributary.health.slow-handler}, documented in {@code reference.conf}. */
  public static final Setting<Duration> SLOW_HANDLER = Setting.of(SECTION + ".slow-handler",
      SettingType.positiveDuration());
  /** The setting {@code tributary.health.not-ready-after}, documented in {@code reference.conf}. */
  public static final Setting<Duration> NOT_READY_AFTER = Setting.of(SECTION + ".not-ready-after",
      SettingType.duration(Duration.ZERO, true, ""));
  /** The setting {@code tributary.health.check-interval}, documented in {@code reference.conf}. */
  public static final Setting<Duration> CHECK_INTERVAL = Setting.of(SECTION + ".check-interval",
      SettingType.positiveDuration());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(STUCK_AFTER, SLOW_HANDLER, NOT_READY_AFTER, CHECK_INTERVAL);
  }

  /** Validates the settings. */
  public HealthSettings {
    STUCK_AFTER.check(stuckAfter);
    SLOW_HANDLER.check(slowHandler);
    NOT_READY_AFTER.check(notReadyAfter);
    CHECK_INTERVAL.check(checkInterval);
    Duration shortest = stuckAfter.compareTo(slowHandler) < 0 ? stuckAfter : slowHandler;
    if (checkInterval.multipliedBy(2).compareTo(shortest) > 0) {
      throw new IllegalArgumentException("checkInterval must be at most half of stuckAfter and of slowHandler ("
          + shortest.dividedBy(2) + "), was " + checkInterval + "; shorten checkInterval");
    }
  }

  /** @return the defaults of {@code reference.conf}: stuck after 30 s, slow handler 5 s, not ready after 60 s */
  public static HealthSettings defaults() {
    return fromConfig(ConfigFactory.empty());
  }

  /**
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @return the settings of {@code config}'s section {@code tributary.health}, with the defaults of {@code
   *     reference.conf} for what it does not set
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static HealthSettings fromConfig(Config config) {
    Objects.requireNonNull(config, "config");
    return new HealthSettings(STUCK_AFTER.read(config), SLOW_HANDLER.read(config), NOT_READY_AFTER.read(config),
        CHECK_INTERVAL.read(config));
  }

  /** @return a copy with another stuck limit */
  public HealthSettings withStuckAfter(Duration newStuckAfter) {
    return new HealthSettings(newStuckAfter, slowHandler, notReadyAfter, checkInterval);
  }

  /** @return a copy with another slow-handler threshold */
  public HealthSettings withSlowHandler(Duration newSlowHandler) {
    return new HealthSettings(stuckAfter, newSlowHandler, notReadyAfter, checkInterval);
  }

  /** @return a copy with another time stuck before not ready */
  public HealthSettings withNotReadyAfter(Duration newNotReadyAfter) {
    return new HealthSettings(stuckAfter, slowHandler, newNotReadyAfter, checkInterval);
  }

  /** @return a copy with another check interval */
  public HealthSettings withCheckInterval(Duration newCheckInterval) {
    return new HealthSettings(stuckAfter, slowHandler, notReadyAfter, newCheckInterval);
  }
}
