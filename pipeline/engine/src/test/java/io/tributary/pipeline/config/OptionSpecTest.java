package io.tributary.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pipeline options read, validated and documented from their declarations. */
class OptionSpecTest {

  private static final OptionSpec<String> TOPIC =
      OptionSpec.required("topic", SettingType.string(), "The topic.");
  private static final OptionSpec<Integer> PARALLELISM = OptionSpec.of("parallelism", ProcessingSettings.PARALLELISM);
  private static final OptionSpec<Duration> BACKOFF =
      OptionSpec.of("backoff_ms", RetryPolicy.MIN_BACKOFF, ChronoUnit.MILLIS);
  private static final OptionSpec<Duration> WAIT = OptionSpec.of("wait_s",
      Setting.of("test.wait", SettingType.positiveDuration()), ChronoUnit.SECONDS);
  private static final OptionSpec<OrderingMode> MODE = OptionSpec.of("mode", ProcessingSettings.MODE);
  private static final OptionSpec<String> NAME = OptionSpec.optional("name", SettingType.string("name",
      s -> s.contains(".") ? Optional.of("must not contain dots, was '" + s + "'") : Optional.empty()), "A name.");
  private static final ComponentOptions COMPONENT = ComponentOptions.source("test", "A test source.", TOPIC,
      PARALLELISM, BACKOFF, WAIT, MODE, NAME);

  private final ConfigErrors errors = new ConfigErrors();

  private Options options(String hocon) {
    return new Options(new ComponentRef(Section.SOURCES, "s"), "test", ConfigFactory.parseString(hocon).root(),
        errors);
  }

  private List<String> errors() {
    return errors.list().stream().map(ConfigError::toString).collect(Collectors.toList());
  }

  @Test
  void options_that_are_set_are_read_with_their_types_and_units() {
    Options o = options("topic = t, parallelism = 4, backoff_ms = 250, wait_s = 2, mode = unordered, name = n");
    assertThat(TOPIC.read(o)).contains("t");
    assertThat(PARALLELISM.read(o)).contains(4);
    assertThat(BACKOFF.read(o)).contains(Duration.ofMillis(250));
    assertThat(WAIT.read(o)).contains(Duration.ofSeconds(2));
    assertThat(MODE.read(o)).contains(OrderingMode.UNORDERED);
    assertThat(NAME.read(o)).contains("n");
    assertThat(errors()).isEmpty();
  }

  @Test
  void absent_options_take_the_reference_default_or_stay_empty() {
    Options o = options("topic = t");
    assertThat(PARALLELISM.read(o)).isEmpty();
    assertThat(PARALLELISM.readOrDefault(o)).isEqualTo(16);
    assertThat(BACKOFF.readOrDefault(o)).isEqualTo(Duration.ofMillis(100));
    assertThat(NAME.readOrDefault(o)).isNull();
    assertThat(errors()).isEmpty();
  }

  @Test
  void every_problem_is_recorded_with_the_option_path_and_the_declared_rule() {
    Options o = options("parallelism = 0, backoff_ms = -1, wait_s = 0, mode = sorted, name = \"a.b\", topik = t");
    COMPONENT.declareIn(o);
    COMPONENT.options().forEach(spec -> spec.read(o));
    o.reportUnknownKeys();
    assertThat(errors()).containsExactly(
        "sources.s.topic: missing (required for type 'test')",
        "sources.s.parallelism: must be >= 1, was 0",
        "sources.s.backoff_ms: must be >= 0, was -1",
        "sources.s.wait_s: must be >= 1, was 0",
        "sources.s.mode: must be one of ordered, ordered-per-key, unordered; was 'sorted'",
        "sources.s.name: must not contain dots, was 'a.b'",
        "sources.s.topik: unknown option for type 'test' (did you mean 'topic'? options: backoff_ms, mode, name, "
            + "parallelism, topic, type, wait_s)");
  }

  @Test
  void the_reference_shows_type_default_setting_and_doc_in_lines_of_at_most_120() {
    String md = OptionsReference.markdown(List.of(COMPONENT), List.of(ProcessingSettings.PARALLELISM));
    assertThat(md.replace("\n  ", " ")).contains("## source `test`")
        .contains("- `topic` (string, required): The topic.")
        .contains("- `parallelism` (whole number >= 1, default 16; sets `tributary.processing.parallelism`): "
            + "Handlers running at once at most.")
        .contains("- `backoff_ms` (milliseconds >= 0, default 100; sets `tributary.processing.retry.min-backoff`)")
        .contains("- `name` (name, default none): A name.")
        .contains("## `tributary.processing`")
        .contains("- `parallelism` (whole number >= 1, default 16): Handlers running at once at most.");
    assertThat(md.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
  }
}
