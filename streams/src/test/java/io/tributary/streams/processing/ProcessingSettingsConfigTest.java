package io.tributary.streams.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ProcessingSettings and RetryPolicy from tributary.processing in the config. */
class ProcessingSettingsConfigTest {

  @Test
  void the_defaults_come_from_reference_conf_and_equal_what_they_were() {
    ProcessingSettings expected = new ProcessingSettings(OrderingMode.ORDERED_PER_KEY, 16,
        new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0), FailurePolicy.DEAD_LETTER, 0);
    assertThat(ProcessingSettings.defaults()).isEqualTo(expected);
    assertThat(ProcessingSettings.fromConfig(ConfigFactory.load())).isEqualTo(expected);
  }

  @Test
  void an_application_config_overrides_single_values() {
    ProcessingSettings s = ProcessingSettings.fromConfig(ConfigFactory.parseString(
        "tributary.processing { mode = unordered, failure-policy = skip, retry { max-attempts = 5, "
            + "max-backoff = 1m } }").withFallback(ConfigFactory.load()));
    assertThat(s.mode()).isEqualTo(OrderingMode.UNORDERED);
    assertThat(s.failurePolicy()).isEqualTo(FailurePolicy.SKIP);
    assertThat(s.retry()).isEqualTo(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMinutes(1), 2.0));
    assertThat(s.parallelism()).isEqualTo(16);
  }

  @Test
  void a_wrong_value_names_its_path() {
    assertThatThrownBy(() -> ProcessingSettings.fromConfig(
        ConfigFactory.parseString("tributary.processing.retry.multiplier = 0.5")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.processing.retry.multiplier': must be >= 1, was 0.5");
    assertThatThrownBy(() -> RetryPolicy.fromConfig(
        ConfigFactory.parseString("tributary.processing.retry { min-backoff = 2s, max-backoff = 1s }")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.processing.retry': max-backoff must be >= min-backoff, was 1000ms < 2000ms");
  }
}
