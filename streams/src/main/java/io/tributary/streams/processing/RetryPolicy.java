package io.tributary.streams.processing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Attempts per message and the exponential backoff between them. While a message waits for its
 * next attempt, its key (or partition, see {@link OrderingMode}) is parked: later messages of the
 * same key wait behind it, so per-key order survives retries. {@link #defaults()} and {@link
 * #fromConfig} take the values of {@code tributary.processing.retry} ({@code reference.conf}).
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param minBackoff the wait before the second attempt
 * @param maxBackoff the longest wait
 * @param multiplier how much the wait grows per attempt (at least 1)
 */
public record RetryPolicy(int maxAttempts, Duration minBackoff, Duration maxBackoff, double multiplier) {

  /** The config section of a retry policy. */
  public static final String SECTION = "tributary.processing.retry";

  /** The setting {@code tributary.processing.retry.max-attempts}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_ATTEMPTS =
      Setting.of(SECTION + ".max-attempts", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.processing.retry.min-backoff}, documented in {@code reference.conf}. */
  public static final Setting<Duration> MIN_BACKOFF =
      Setting.of(SECTION + ".min-backoff", SettingType.duration(Duration.ZERO, true, ""));
  /** The setting {@code tributary.processing.retry.max-backoff}, documented in {@code reference.conf}. */
  public static final Setting<Duration> MAX_BACKOFF =
      Setting.of(SECTION + ".max-backoff", SettingType.duration(Duration.ZERO, true, ""));
  /** The setting {@code tributary.processing.retry.multiplier}, documented in {@code reference.conf}. */
  public static final Setting<Double> MULTIPLIER = Setting.of(SECTION + ".multiplier", SettingType.decimal(1.0));

  /** @return every setting of a retry policy, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(MAX_ATTEMPTS, MIN_BACKOFF, MAX_BACKOFF, MULTIPLIER);
  }

  /** Validates the policy. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= minBackoff <= maxBackoff, was "
          + minBackoff + " .. " + maxBackoff);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }
  }

  /** The defaults of {@code reference.conf}: 3 attempts, waiting 100 ms, then 200 ms (growing x2 up to 10 s). */
  public static RetryPolicy defaults() {
    return fromConfig(ConfigFactory.empty());
  }

  /**
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @return the policy of {@code config}'s section {@code tributary.processing.retry}, with the
   *     defaults of {@code reference.conf} for what it does not set
   * @throws ConfigException.BadValue naming the config path of a wrong value
   */
  public static RetryPolicy fromConfig(Config config) {
    Duration min = MIN_BACKOFF.read(config);
    Duration max = MAX_BACKOFF.read(config);
    if (max.compareTo(min) < 0) {
      throw new ConfigException.BadValue(SECTION, "max-backoff must be >= min-backoff, was " + max.toMillis()
          + "ms < " + min.toMillis() + "ms");
    }
    return new RetryPolicy(MAX_ATTEMPTS.read(config), min, max, MULTIPLIER.read(config));
  }

  /** A single attempt. */
  public static RetryPolicy noRetry() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
  }

  /** @return the wait after failed attempt number {@code attempt} (1-based) */
  public Duration backoffAfter(int attempt) {
    double millis = minBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
  }
}
