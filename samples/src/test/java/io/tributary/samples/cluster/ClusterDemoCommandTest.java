package io.tributary.samples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code tributary cluster-demo --kill-one} as a user would: a child JVM that starts its own
 * broker and three {@code tributary node} child JVMs, SIGKILLs one of them mid-stream, and checks
 * the union of their outputs: every event processed, none reordered per key.
 */
class ClusterDemoCommandTest {

  private static final Pattern SUMMARY = Pattern.compile("cluster-demo: nodes=3 killed=1 events=2000 processed=(\\d+)"
      + " lost=(\\d+) duplicates=(\\d+) order_violations=(\\d+) elapsed_ms=\\d+ rate_per_s=\\d+");

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void a_node_killed_mid_stream_loses_nothing_and_reorders_nothing() throws Exception {
    // processes this JVM runs already (a shared embedded broker started by another test class) are not nodes
    Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid)
        .collect(Collectors.toSet());
    Path out = dir.resolve("cluster-demo.out");
    Path err = dir.resolve("cluster-demo.err");
    Process demo = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main",
        "cluster-demo", "--nodes", "3", "--events", "2000", "--kill-one", "--stable-after", "3s")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(demo.waitFor(220, TimeUnit.SECONDS)).as("cluster-demo finished").isTrue();
      List<String> lines = Files.readAllLines(out);
      String all = String.join("\n", lines);
      assertThat(demo.exitValue()).as("exit code; stdout%n%s", all).isZero();
      List<String> summaries = lines.stream().filter(l -> SUMMARY.matcher(l).matches()).toList();
      assertThat(summaries).as(all).hasSize(1);
      Matcher m = SUMMARY.matcher(summaries.get(0));
      assertThat(m.matches()).isTrue();
      assertThat(m.group(1)).as("processed").isEqualTo("2000");
      assertThat(m.group(2)).as("lost").isEqualTo("0");
      assertThat(m.group(4)).as("order_violations").isEqualTo("0");
      assertThat(lines).as(all).anyMatch(l -> l.matches("cluster-demo: killed node 3 .* with SIGKILL .*"))
          .anyMatch(l -> l.matches("cluster-demo: recovery: \\d+ ms from the SIGKILL .*"))
          .anyMatch(l -> l.matches("cluster-demo: recovery parts: Kafka reassigned the partitions after \\d+ ms .*"))
          .anyMatch(l -> l.matches("cluster-demo: node 1 saw the killed node removed \\d+ ms after the kill"))
          .anyMatch(l -> l.matches("cluster-demo: stopped node 1 with SIGTERM \\(exit code 0\\).*"))
          .anyMatch(l -> l.matches("cluster-demo: stopped node 2 with SIGTERM \\(exit code 0\\).*"));
      assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
          .filter(p -> p.pid() != demo.pid() && !before.contains(p.pid())).count()).as("no node outlives the demo")
          .isZero();
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }
}
