package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tributary.cli.CommandRun;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tributary node}: bad flags are usage errors (exit 2, the flag named on the first stderr
 * line, before any cluster node or Kafka client starts), and the help says what the consumer's
 * session timeout is. (The command at work, with nodes killed, is {@code ClusterDemoCommandTest}.)
 */
class NodeCommandTest {

  private static final String[] REQUIRED = {"--bootstrap-servers", "127.0.0.1:9", "--topic", "t", "--group", "g"};

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of("--port", args("--port", "-1")),
        Arguments.of("--port", args("--port", "70000")),
        Arguments.of("--port", args("--port", "seven")),
        Arguments.of("--join", args("--port", "0", "--join", "no-port-here")),
        Arguments.of("--join", args("--port", "0", "--join", "127.0.0.1:0")),
        Arguments.of("--parallelism", args("--port", "0", "--parallelism", "0")),
        Arguments.of("--handler-delay-ms", args("--port", "0", "--handler-delay-ms", "-5")),
        Arguments.of("--stable-after", args("--port", "0", "--stable-after", "soon")),
        Arguments.of("--stable-after", args("--port", "0", "--stable-after", "0s")),
        Arguments.of("--session-timeout-ms", args("--port", "0", "--heartbeat-interval-ms", "20000")),
        Arguments.of("--ask-timeout-ms", args("--port", "0", "--ask-timeout-ms", "0")),
        Arguments.of("--bootstrap-servers", new String[] {"node", "--port", "0", "--bootstrap-servers", "localhost",
            "--topic", "t", "--group", "g"}),
        Arguments.of("--group", new String[] {"node", "--port", "0", "--bootstrap-servers", "127.0.0.1:9",
            "--topic", "t"}),
        Arguments.of("--port", new String[] {"node", "--bootstrap-servers", "127.0.0.1:9", "--topic", "t",
            "--group", "g"}));
  }

  private static String[] args(String... extra) {
    String[] all = new String[1 + REQUIRED.length + extra.length];
    all[0] = "node";
    System.arraycopy(REQUIRED, 0, all, 1, REQUIRED.length);
    System.arraycopy(extra, 0, all, 1 + REQUIRED.length, extra.length);
    return all;
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badCommandLines")
  void a_bad_flag_is_a_usage_error_with_exit_2(String flag, String[] args) {
    CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CommandRun.of(args));
    String all = run.out() + run.err();
    assertThat(run.code()).as(all).isEqualTo(2);
    assertThat(all).doesNotContain("Exception").doesNotContain("\tat ");
    String first = run.errLines().isEmpty() ? "" : run.errLines().get(0);
    assertThat(first).as("the first stderr line names the flag").contains(flag);
    assertThat(run.millis()).as("a usage error starts no node").isLessThan(10_000);
  }

  @Test
  void help_names_the_options_and_the_short_session_timeout() {
    CommandRun run = CommandRun.of("node", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("--port", "--join", "--bootstrap-servers", "--topic", "--group", "--parallelism",
        "--handler-delay-ms", "--out", "--partition-aligned", "--stable-after", "session timeout (6 s");
  }
}
