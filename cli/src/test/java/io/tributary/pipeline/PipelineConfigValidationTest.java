package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.cli.CommandRun;
import io.tributary.pipeline.config.ConfigError;
import io.tributary.pipeline.config.PipelineConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config validation: every problem named by component and field, all at once, before anything starts. */
class PipelineConfigValidationTest {

  @TempDir
  Path dir;

  private static final String GENERATOR = "sources { gen { type = generator, format = log, count = 10 } }\n";
  private static final String FILE_SINK = "sinks { out { type = file, inputs = [%s], path = \"/tmp/x.json\" } }\n";

  @Test
  void condition_on_a_field_the_generator_cannot_produce_is_an_error_naming_component_and_field() {
    List<String> errors = ConfigErrors.of(GENERATOR
        + "transforms { errors_only { type = filter, inputs = [gen], condition = \"levle == \\\"error\\\"\" } }\n"
        + String.format(FILE_SINK, "errors_only"));
    assertThat(errors).containsExactly(
        "transforms.errors_only.condition: unknown field 'levle' (did you mean 'level'?)");
  }

  @Test
  void field_check_follows_parse_json_of_generated_json_logs_and_remaps() {
    String base = "sources { gen { type = generator, format = json_log } }\n"
        + "transforms {\n"
        + "  parse { type = parse_json, inputs = [gen] }\n"
        + "  shape { type = remap, inputs = [parse], rename { level = severity }, drop = [host] }\n"
        + "  f { type = filter, inputs = [shape], condition = \"%s\" }\n"
        + "}\n" + String.format(FILE_SINK, "f");
    Pipeline.parse(String.format(base, "severity == 'error' and latency_ms > 100 and seq >= 0"));
    assertThat(ConfigErrors.of(String.format(base, "level == 'error'")))
        .containsExactly("transforms.f.condition: unknown field 'level' (fields here: latency_ms, message, seq, "
            + "service, severity, status, timestamp)");
    assertThat(ConfigErrors.of(String.format(base, "host =~ 'a'")))
        .containsExactly("transforms.f.condition: unknown field 'host' (fields here: latency_ms, message, seq, "
            + "service, severity, status, timestamp)");
  }

  @Test
  void fields_from_an_unknown_shape_are_not_checked() {
    Pipeline.parse("sources { k { type = kafka, bootstrap_servers = \"h:1\", topics = [t], group_id = g } }\n"
        + "transforms { p { type = parse_json, inputs = [k] }\n"
        + "  f { type = filter, inputs = [p], condition = \"anything.nested == 1\" } }\n"
        + String.format(FILE_SINK, "f"));
  }

  @Test
  void a_cycle_in_inputs_is_an_error_naming_the_cycle() {
    List<String> errors = ConfigErrors.of(GENERATOR
        + "transforms {\n"
        + "  a { type = filter, inputs = [gen, c], condition = \"seq > 1\" }\n"
        + "  b { type = filter, inputs = [a], condition = \"seq > 2\" }\n"
        + "  c { type = filter, inputs = [b], condition = \"seq > 3\" }\n"
        + "  self { type = sample, inputs = [self], rate = 2 }\n"
        + "}\n" + String.format(FILE_SINK, "c"));
    assertThat(errors).containsExactly(
        "transforms.a.inputs: inputs form a cycle: a -> b -> c -> a",
        "transforms.self.inputs: inputs form a cycle: self -> self");
  }

  @Test
  void an_input_naming_a_missing_component_is_an_error() {
    assertThat(ConfigErrors.of(GENERATOR + String.format(FILE_SINK, "gne")))
        .containsExactly("sinks.out.inputs: unknown component 'gne' (did you mean 'gen'?)");
    assertThat(ConfigErrors.of(GENERATOR + String.format(FILE_SINK, "gen, nothing_like_it")))
        .containsExactly("sinks.out.inputs: unknown component 'nothing_like_it'");
  }

  @Test
  void outputs_of_routes_and_parse_json_are_checked() {
    String config = GENERATOR
        + "transforms { r { type = route, inputs = [gen], route { slow = \"latency_ms > 500\" } }\n"
        + "  p { type = parse_json, inputs = [r._unmatched] } }\n"
        + "sinks { a { type = stdout, inputs = [r] }\n"
        + "  b { type = stdout, inputs = [r.fast, p._errors, p.more, gen.x] }\n"
        + "  c { type = stdout, inputs = [a] } }\n";
    assertThat(ConfigErrors.of(config)).containsExactly(
        "sinks.a.inputs: 'r' has no default output: read one of r.slow, r._unmatched",
        "sinks.b.inputs: 'r' has no output 'fast' (outputs: r.slow, r._unmatched)",
        "sinks.b.inputs: 'p' has no output 'more' (outputs: p, p._errors)",
        "sinks.b.inputs: 'gen' has no output 'x' (it has only its default output 'gen')",
        "sinks.c.inputs: 'a' is a sink: it has no output to read");
  }

  @Test
  void unknown_type_missing_field_unknown_option_and_bad_condition_are_each_named() {
    List<String> errors = ConfigErrors.of(
        "sources { gen { type = genrator }\n"
        + "  k { type = kafka, topics = [t], group_id = g, commit_batch = 0 } }\n"
        + "transforms { f { type = filter, inputs = [k], condition = \"level = 'error'\" }\n"
        + "  g { type = filter, inputs = [k], conditoin = \"a == 1\" } }\n"
        + "sinks { out { type = file, inputs = [f, g], pathh = \"/tmp/x\" } }\n");
    assertThat(errors).containsExactly(
        "sources.gen.type: unknown source type 'genrator' (did you mean 'generator'? types: amqp, file, generator, "
            + "hub, kafka, nats, stdin)",
        "sources.k.bootstrap_servers: missing (required for type 'kafka')",
        "sources.k.commit_batch: must be >= 1, was 0",
        "transforms.f.condition: syntax error at column 7: '=' is not an operator: use '==' to compare "
            + "in \"level = 'error'\"",
        "transforms.g.condition: missing (required for type 'filter')",
        "transforms.g.conditoin: unknown option for type 'filter' (did you mean 'condition'? options: condition, "
            + "inputs, type)",
        "sinks.out.path: missing (required for type 'file')",
        "sinks.out.pathh: unknown option for type 'file' (did you mean 'path'? options: append, inputs, path, type)");
  }

  @Test
  void structural_problems_are_reported() {
    assertThat(ConfigErrors.of("sourcs { }\nsinks { }\n")).containsExactly(
        "sources: missing: a pipeline needs at least one source",
        "sinks: a pipeline needs at least one sink",
        "sourcs: unknown section (did you mean 'sources'? sections: sources, transforms, sinks, vars)");
    assertThat(ConfigErrors.of(GENERATOR + "transforms { gen { type = sample, inputs = [gen], rate = 2 } }\n"
        + "sinks { out { type = stdout } }\n")).containsExactly(
        "transforms.gen: the name 'gen' is taken by sources.gen: names must be unique across sources, transforms "
            + "and sinks",
        "sinks.out.inputs: missing: name the components it reads, e.g. inputs = [<name>]");
    assertThat(ConfigErrors.of(GENERATOR + "sinks { out { type = stdout, inputs = [gen, gen] } }\n"))
        .containsExactly("sinks.out.inputs: 'gen' is listed twice");
    assertThat(ConfigErrors.of("sources { gen { type = generator, inputs = [x], rate_per_s = fast } }\n"
        + "sinks { out { type = stdout, inputs = [gen] } }\n")).containsExactly(
        "sources.gen.rate_per_s: expected a number, got the string \"fast\"",
        "sources.gen.inputs: unknown option for type 'generator' (options: count, format, invalid_every, "
            + "rate_per_s, seed, start_time, type)");
  }

  @Test
  void options_of_every_transform_are_validated() {
    List<String> errors = ConfigErrors.of(GENERATOR
        + "transforms {\n"
        + "  r { type = route, inputs = [gen], route { _bad = \"seq > 1\", ok = \"seq >\" } }\n"
        + "  s { type = sample, inputs = [gen], rate = 0, key_field = servce }\n"
        + "  t { type = throttle, inputs = [gen], rate_per_s = 10, mode = lossy }\n"
        + "  m { type = remap, inputs = [gen] }\n"
        + "  p { type = parse_json, inputs = [gen], field = msg }\n"
        + "}\n"
        + "sinks { out { type = stdout, inputs = [r.ok, s, t, m, p] } }\n");
    assertThat(errors).containsExactly(
        "transforms.m.set: a remap needs at least one of rename, set, drop",
        "transforms.p.field: unknown field 'msg' (fields here: host, latency_ms, level, message, seq, service, "
            + "status, timestamp)",
        "transforms.r.route._bad: invalid output name: use letters, digits, '_' and '-', not starting with '_' "
            + "(names starting with '_' are reserved)",
        "transforms.r.route.ok: syntax error at column 6: expected a field or value after '>', found the end "
            + "in \"seq >\"",
        "transforms.s.rate: must be >= 1, was 0",
        "transforms.t.mode: must be one of backpressure, drop; was 'lossy'");
  }

  @Test
  void set_overrides_and_environment_fallbacks_are_applied_before_validation() throws IOException {
    Path file = dir.resolve("p.conf");
    Files.writeString(file, "vars { n = 5, n = ${?TRIBUTARY_TEST_UNSET_VARIABLE} }\n"
        + "sources { gen { type = generator, count = ${vars.n} } }\n"
        + "sinks { out { type = file, inputs = [gen], path = \"/nonexistent/x.json\" } }\n");
    Pipeline.load(file, List.of("sinks.out.path=/tmp/out.json", "sources.gen.rate_per_s=0"));
    assertThatThrownBy(() -> Pipeline.load(file, List.of("sources.gen.count=-1", "oops")))
        .isInstanceOf(PipelineConfigException.class)
        .extracting(e -> ((PipelineConfigException) e).errors().stream().map(ConfigError::toString).toList())
        .asList()
        .containsExactly("--set oops: expected KEY=VALUE, e.g. --set sinks.out.path=/tmp/out.json");
    assertThatThrownBy(() -> Pipeline.load(file, List.of("sources.gen.count=-1")))
        .hasMessage("sources.gen.count: must be >= 0, was -1");
  }

  @Test
  void a_syntax_error_in_the_file_names_the_line() throws IOException {
    Path file = dir.resolve("broken.conf");
    Files.writeString(file, "sources {\n  gen { type = generator\n");
    assertThatThrownBy(() -> Pipeline.load(file, List.of()))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageStartingWith(file + ":3: ");
  }

  @Test
  void check_prints_every_problem_on_stderr_one_per_line_and_exits_2() throws IOException {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, GENERATOR
        + "transforms { errors_only { type = filter, inputs = [gen], condition = \"levle == 'error'\" } }\n"
        + "sinks { out { type = file, inputs = [errors_only, missing] } }\n");
    CommandRun run = CommandRun.of("pipeline", file.toString(), "--check");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(
        "transforms.errors_only.condition: unknown field 'levle' (did you mean 'level'?)",
        "sinks.out.path: missing (required for type 'file')",
        "sinks.out.inputs: unknown component 'missing'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void running_an_invalid_config_starts_nothing_and_exits_2() throws IOException {
    Path out = dir.resolve("never.json");
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, GENERATOR + "sinks { out { type = file, inputs = [gen], path = \"" + out
        + "\", colour = red } }\n");
    CommandRun run = CommandRun.of("pipeline", file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(
        "sinks.out.colour: unknown option for type 'file' (options: append, inputs, path, type)");
    assertThat(out).doesNotExist();
  }

  @Test
  void a_missing_file_is_reported_with_exit_2() {
    CommandRun run = CommandRun.of("pipeline", dir.resolve("nope.conf").toString(), "--check");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(dir.resolve("nope.conf") + ": no such file");
  }
}
