package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tributary.cli.CommandRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad flag values of every command (negative counts, malformed host:port and URLs, missing required
 * options, values of the wrong type) are usage errors: exit 2 before anything connects, a message naming
 * the flag, and never a stack trace.
 */
class BadFlagsTest {

  private static final String KAFKA = "127.0.0.1:9";
  private static final String AMQP = "amqp://guest:guest@127.0.0.1:5672";
  private static final String NATS = "nats://127.0.0.1:4222";

  static Stream<Arguments> badCommandLines() {
    List<Arguments> cases = new ArrayList<>();
    // produce
    add(cases, "--count", "produce", "--bootstrap-servers", KAFKA, "--topic", "t", "--count", "-1");
    add(cases, "--count", "produce", "--bootstrap-servers", KAFKA, "--topic", "t", "--count", "many");
    add(cases, "--count", "produce", "--bootstrap-servers", KAFKA, "--topic", "t");
    add(cases, "--keys", "produce", "--bootstrap-servers", KAFKA, "--topic", "t", "--count", "1", "--keys", "0");
    add(cases, "--partitions", "produce", "--bootstrap-servers", KAFKA, "--topic", "t", "--count", "1",
        "--partitions", "-4");
    add(cases, "--bootstrap-servers", "produce", "--bootstrap-servers", "no-port-here", "--topic", "t",
        "--count", "1");
    add(cases, "--bootstrap-servers", "produce", "--bootstrap-servers", "127.0.0.1:99999", "--topic", "t",
        "--count", "1");
    add(cases, "--bootstrap-servers", "produce", "--bootstrap-servers", "127.0.0.1:port", "--topic", "t",
        "--count", "1");
    add(cases, "--bootstrap-servers", "produce", "--bootstrap-servers", "", "--topic", "t", "--count", "1");
    add(cases, "--amqp-uri", "produce", "--amqp-uri", "amqp://127.0.0.1:notaport", "--queue", "tributary-badflags", "--count", "1");
    add(cases, "--amqp-uri", "produce", "--amqp-uri", "rabbit at localhost", "--queue", "tributary-badflags", "--count", "1");
    add(cases, "--nats-url", "produce", "--nats-url", "http://127.0.0.1:4222", "--stream", "S", "--count", "1");
    add(cases, "--nats-url", "produce", "--nats-url", "nats://127.0.0.1:-5", "--stream", "S", "--count", "1");
    add(cases, "--nats-url", "produce", "--nats-url", "", "--stream", "S", "--count", "1");
    // consume
    add(cases, "--parallelism", "consume", "--bootstrap-servers", KAFKA, "--topic", "t", "--group", "g",
        "--parallelism", "0");
    add(cases, "--handler-delay-ms", "consume", "--amqp-uri", AMQP, "--queue", "tributary-badflags", "--handler-delay-ms", "-1");
    add(cases, "--max-idle-seconds", "consume", "--amqp-uri", AMQP, "--queue", "tributary-badflags", "--max-idle-seconds", "-1");
    add(cases, "--drain-timeout-seconds", "consume", "--amqp-uri", AMQP, "--queue", "tributary-badflags",
        "--drain-timeout-seconds", "-1");
    add(cases, "--commit-batch", "consume", "--bootstrap-servers", KAFKA, "--topic", "t", "--group", "g",
        "--commit-batch", "0");
    add(cases, "--commit-interval-ms", "consume", "--bootstrap-servers", KAFKA, "--topic", "t", "--group", "g",
        "--commit-interval-ms", "-1");
    add(cases, "--bootstrap-servers", "consume", "--bootstrap-servers", "localhost", "--topic", "t",
        "--group", "g");
    add(cases, "--bootstrap-servers", "consume", "--bootstrap-servers", "127.0.0.1:9092,:", "--topic", "t",
        "--group", "g");
    add(cases, "--amqp-uri", "consume", "--amqp-uri", "amqp://[::1", "--queue", "tributary-badflags");
    add(cases, "--nats-url", "consume", "--nats-url", "nats://127.0.0.1:4222:5", "--stream", "S");
    add(cases, "--queue", "consume", "--amqp-uri", AMQP);
    add(cases, "--group", "consume", "--bootstrap-servers", KAFKA, "--topic", "t");
    // broker
    add(cases, "--port", "broker", "--port", "-1");
    add(cases, "--port", "broker", "--port", "70000");
    add(cases, "--port", "broker", "--port", "ninety");
    add(cases, "--topic", "broker", "--port", "0", "--topic", "t:0");
    add(cases, "--topic", "broker", "--port", "0", "--topic", "t:x");
    add(cases, "--topic", "broker", "--port", "0", "--topic", ":3");
    // pipeline
    add(cases, "--drain-timeout-seconds", "pipeline", "../samples/pipelines/logs-to-file.conf",
        "--drain-timeout-seconds", "soon");
    add(cases, "FILE", "pipeline");
    add(cases, "--set", "pipeline", "../samples/pipelines/logs-to-file.conf", "--check", "--set");
    return cases.stream();
  }

  private static void add(List<Arguments> cases, String flag, String... args) {
    cases.add(Arguments.of(flag, args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badCommandLines")
  void a_bad_flag_value_is_a_one_line_usage_error_with_exit_2(String flag, String[] args) {
    CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CommandRun.of(args));
    String all = run.out() + run.err();
    assertThat(run.code()).as(all).isEqualTo(2);
    assertThat(all).doesNotContain("Exception").doesNotContain("\tat ");
    String first = run.errLines().isEmpty() ? "" : run.errLines().get(0);
    assertThat(first).as("the first stderr line names the flag").contains(flag);
    assertThat(run.millis()).as("a usage error connects to nothing").isLessThan(10_000);
  }
}
