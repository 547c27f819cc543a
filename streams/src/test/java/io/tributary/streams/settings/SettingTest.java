package io.tributary.streams.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading settings from a config, with reference.conf defaults and errors that name the path. */
class SettingTest {

  private static final Setting<Integer> PARALLELISM = ProcessingSettings.PARALLELISM;

  @Test
  void a_config_without_the_key_takes_the_default_of_reference_conf() {
    assertThat(PARALLELISM.read(ConfigFactory.empty())).isEqualTo(16);
    assertThat(PARALLELISM.defaultValue()).contains(16);
    assertThat(PARALLELISM.defaultText()).isEqualTo("16");
    assertThat(PARALLELISM.doc()).isEqualTo("Handlers running at once at most.");
  }

  @Test
  void a_config_value_overrides_the_default() {
    assertThat(PARALLELISM.read(ConfigFactory.parseString("tributary.processing.parallelism = 64"))).isEqualTo(64);
  }

  @Test
  void a_value_out_of_bounds_is_refused_naming_the_path_and_the_bound() {
    assertThatThrownBy(() -> PARALLELISM.read(ConfigFactory.parseString("tributary.processing.parallelism = 0")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.processing.parallelism': must be >= 1, was 0");
  }

  @Test
  void a_value_of_the_wrong_type_is_refused_naming_the_path_and_the_type() {
    assertThatThrownBy(() -> PARALLELISM.read(ConfigFactory.parseString("tributary.processing.parallelism = many")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.processing.parallelism': expected a whole number, got the string \"many\"");
    Setting<Duration> backoff = Setting.of("t.backoff", SettingType.positiveDuration());
    assertThatThrownBy(() -> backoff.read(ConfigFactory.parseString("t.backoff = soon")))
        .hasMessageContaining("'t.backoff': expected a duration such as 500ms, 10s or 5m, got the string \"soon\"");
  }

  @Test
  void durations_are_hocon_durations_and_keep_their_bound() {
    Setting<Duration> wait = Setting.of("t.wait", SettingType.duration(Duration.ofSeconds(1), true, "a minimum"));
    assertThat(wait.read(ConfigFactory.parseString("t.wait = 2 minutes"))).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> wait.read(ConfigFactory.parseString("t.wait = 500ms")))
        .hasMessageContaining("'t.wait': must be >= 1s (a minimum), was 500ms");
  }

  @Test
  void enum_constants_are_written_in_lower_case_with_dashes_or_as_named() {
    Setting<OrderingMode> mode = ProcessingSettings.MODE;
    assertThat(mode.read(ConfigFactory.parseString("tributary.processing.mode = unordered")))
        .isEqualTo(OrderingMode.UNORDERED);
    assertThat(mode.read(ConfigFactory.parseString("tributary.processing.mode = ORDERED_PER_KEY")))
        .isEqualTo(OrderingMode.ORDERED_PER_KEY);
    assertThatThrownBy(() -> mode.read(ConfigFactory.parseString("tributary.processing.mode = sorted")))
        .hasMessageContaining("'tributary.processing.mode': expected one of ordered, ordered-per-key, unordered, "
            + "got the string \"sorted\"");
  }

  @Test
  void an_optional_setting_is_off_when_null_or_off_and_absent_everywhere() {
    Setting<Duration> delay = Setting.optional("t.delay", SettingType.positiveDuration());
    assertThat(delay.find(ConfigFactory.parseString("t.delay = null"))).isEmpty();
    assertThat(delay.find(ConfigFactory.parseString("t.delay = off"))).isEmpty();
    assertThat(delay.find(ConfigFactory.empty())).isEmpty();
    assertThat(delay.find(ConfigFactory.parseString("t.delay = 3s"))).contains(Duration.ofSeconds(3));
    assertThatThrownBy(() -> delay.read(ConfigFactory.empty())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_required_setting_without_default_fails_with_a_hint_at_reference_conf() {
    Setting<Integer> missing = Setting.of("t.nowhere", SettingType.integer(0, 9));
    assertThatThrownBy(() -> missing.read(ConfigFactory.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no value for t.nowhere and no default in reference.conf");
  }

  @Test
  void a_string_map_takes_quoted_and_dotted_keys_alike() {
    Setting<Map<String, String>> props = Setting.of("t.props", SettingType.stringMap());
    assertThat(props.read(ConfigFactory.parseString("t.props { \"max.poll.records\" = 5000, linger.ms = 5 }")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("max.poll.records", "5000", "linger.ms", "5"));
  }

  @Test
  void java_code_gets_the_same_rule_naming_the_setting_in_java_spelling() {
    assertThatThrownBy(() -> ProcessingSettings.BUFFER_SIZE.check(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bufferSize must be >= 0, was -1");
    SettingType<String> name = SettingType.string("name", s -> s.contains(".")
        ? Optional.of("must not contain dots, was '" + s + "'") : Optional.empty());
    assertThatThrownBy(() -> name.check("stream name", "a.b"))
        .hasMessage("stream name must not contain dots, was 'a.b'");
    assertThat(SettingType.integer(1, 65_535, "AMQP's limit").wholeNumberProblem(70_000))
        .contains("must be <= 65535 (AMQP's limit), was 70000");
  }
}
