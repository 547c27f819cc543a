package io.tributary.streams.processing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.util.List;
import java.util.Objects;

/**
 * How the processing runner runs handlers: ordering, parallelism, retries and the failure policy.
 * Immutable; start from {@link #defaults()} (the defaults of {@code reference.conf}) or {@link
 * #fromConfig} (the application's config under {@code tributary.processing}) and change with the
 * {@code withX} methods.
 *
 * @param mode how much order to keep
 * @param parallelism handlers running at once at most
 * @param retry attempts and backoff per message
 * @param failurePolicy what happens after the last failed attempt
 * @param bufferSize messages held by the runner at most (running, parked, waiting for their key,
 *     or waiting to be emitted): the look-ahead that finds other keys while one key is busy, and
 *     the bound on memory. 0 = 4 x parallelism.
 */
public record ProcessingSettings(OrderingMode mode, int parallelism, RetryPolicy retry,
    FailurePolicy failurePolicy, int bufferSize) {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.processing";

  /** The setting {@code tributary.processing.mode}, documented in {@code reference.conf}. */
  public static final Setting<OrderingMode> MODE = Setting.of(SECTION + ".mode", SettingType.oneOf(OrderingMode.class));
  /** The setting {@code tributary.processing.parallelism}, documented in {@code reference.conf}. */
  public static final Setting<Integer> PARALLELISM =
      Setting.of(SECTION + ".parallelism", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.processing.buffer-size}, documented in {@code reference.conf}. */
  public static final Setting<Integer> BUFFER_SIZE =
      Setting.of(SECTION + ".buffer-size", SettingType.integer(0, Integer.MAX_VALUE));
  /** The setting {@code tributary.processing.failure-policy}, documented in {@code reference.conf}. */
  public static final Setting<FailurePolicy> FAILURE_POLICY =
      Setting.of(SECTION + ".failure-policy", SettingType.oneOf(FailurePolicy.class));

  /** @return every setting of this class (the retry policy's are {@link RetryPolicy#settings()}) */
  public static List<Setting<?>> settings() {
    return List.of(MODE, PARALLELISM, BUFFER_SIZE, FAILURE_POLICY);
  }

  /** Validates the settings. */
  public ProcessingSettings {
    Objects.requireNonNull(mode, "mode");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (bufferSize < 0) {
      throw new IllegalArgumentException("bufferSize must be >= 0 (0 = 4 x parallelism), was " + bufferSize);
    }
  }

  /**
   * The defaults of {@code reference.conf}: ordered per key, parallelism 16, {@link
   * RetryPolicy#defaults()}, dead-letter, buffer 4 x parallelism.
   */
  public static ProcessingSettings defaults() {
    return fromConfig(ConfigFactory.empty());
  }

  /**
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @return the settings of {@code config}'s section {@code tributary.processing} (the retry policy
   *     from {@code tributary.processing.retry}), with the defaults of {@code reference.conf} for
   *     what it does not set
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static ProcessingSettings fromConfig(Config config) {
    return new ProcessingSettings(MODE.read(config), PARALLELISM.read(config), RetryPolicy.fromConfig(config),
        FAILURE_POLICY.read(config), BUFFER_SIZE.read(config));
  }

  /** @return the buffer size in effect */
  public int effectiveBufferSize() {
    return bufferSize > 0 ? Math.max(bufferSize, parallelism) : 4 * parallelism;
  }

  /** @return a copy with another ordering mode */
  public ProcessingSettings withMode(OrderingMode newMode) {
    return new ProcessingSettings(newMode, parallelism, retry, failurePolicy, bufferSize);
  }

  /** @return a copy with another parallelism */
  public ProcessingSettings withParallelism(int newParallelism) {
    return new ProcessingSettings(mode, newParallelism, retry, failurePolicy, bufferSize);
  }

  /** @return a copy with another retry policy */
  public ProcessingSettings withRetry(RetryPolicy newRetry) {
    return new ProcessingSettings(mode, parallelism, newRetry, failurePolicy, bufferSize);
  }

  /** @return a copy with another failure policy */
  public ProcessingSettings withFailurePolicy(FailurePolicy newPolicy) {
    return new ProcessingSettings(mode, parallelism, retry, newPolicy, bufferSize);
  }

  /** @return a copy with another buffer size */
  public ProcessingSettings withBufferSize(int newBufferSize) {
    return new ProcessingSettings(mode, parallelism, retry, failurePolicy, newBufferSize);
  }
}
