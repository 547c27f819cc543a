package io.tributary.samples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code tributary cluster-demo --nodes 2 --stop-one}: two {@code tributary node} child JVMs,
 * one stopped with SIGTERM mid-stream. A graceful stop drains, commits and hands its workers off
 * before it leaves, so the survivor continues exactly where it stopped: nothing lost, nothing
 * processed twice, nothing reordered.
 */
class ClusterDemoGracefulStopTest {

  private static final Pattern SUMMARY = Pattern.compile("cluster-demo: nodes=2 killed=0 events=2000 processed=(\\d+)"
      + " lost=(\\d+) duplicates=(\\d+) order_violations=(\\d+) elapsed_ms=\\d+ rate_per_s=\\d+");

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void a_node_stopped_mid_stream_loses_nothing_and_duplicates_nothing() throws Exception {
    Path out = dir.resolve("cluster-demo.out");
    Process demo = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main",
        "cluster-demo", "--nodes", "2", "--events", "2000", "--stop-one", "--stable-after", "3s")
        .redirectOutput(out.toFile()).redirectError(dir.resolve("cluster-demo.err").toFile()).start();
    try {
      assertThat(demo.waitFor(220, TimeUnit.SECONDS)).as("cluster-demo finished").isTrue();
      List<String> lines = Files.readAllLines(out);
      String all = String.join("\n", lines);
      assertThat(demo.exitValue()).as("exit code; stdout%n%s", all).isZero();
      assertThat(lines).as(all)
          .anyMatch(l -> l.matches("cluster-demo: stopping node 2 .* with SIGTERM at \\d+/2,000 events processed"))
          .anyMatch(l -> l.matches("cluster-demo: node 2 stopped mid-stream with SIGTERM \\(exit code 0\\).*"));
      List<String> summaries = lines.stream().filter(l -> SUMMARY.matcher(l).matches()).toList();
      assertThat(summaries).as(all).hasSize(1);
      Matcher m = SUMMARY.matcher(summaries.get(0));
      assertThat(m.matches()).isTrue();
      assertThat(m.group(1)).as("processed").isEqualTo("2000");
      assertThat(m.group(2)).as("lost").isEqualTo("0");
      assertThat(m.group(3)).as("duplicates").isEqualTo("0");
      assertThat(m.group(4)).as("order_violations").isEqualTo("0");
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }
}
