package io.tributary.streams.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthSettingsTest {

  @Test
  void defaults_come_from_reference_conf() {
    assertThat(HealthSettings.defaults()).isEqualTo(new HealthSettings(Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofSeconds(60), Duration.ofSeconds(1)));
  }

  @Test
  void config_overrides_the_defaults_and_bad_values_name_their_path() {
    HealthSettings s = HealthSettings.fromConfig(ConfigFactory.parseString("tributary.health.stuck-after = 2m"));
    assertThat(s.stuckAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> HealthSettings.fromConfig(ConfigFactory.parseString(
        "tributary.health.slow-handler = 0s"))).isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("tributary.health.slow-handler");
  }

  @Test
  void a_check_interval_longer_than_half_the_limits_is_refused_with_what_to_do() {
    assertThatThrownBy(() -> HealthSettings.defaults().withCheckInterval(Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkInterval must be at most half").hasMessageContaining("PT2.5S");
  }
}
