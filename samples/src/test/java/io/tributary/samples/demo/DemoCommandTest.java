package io.tributary.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code tributary demo} as a user would: a child JVM, its own embedded broker, stdout to a file. */
class DemoCommandTest {

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void demo_verifies_every_event_and_exits_zero_when_stdout_is_not_a_terminal() throws Exception {
    Path out = dir.resolve("demo.out");
    Path err = dir.resolve("demo.err");
    Process demo = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main",
        "demo", "--events", "20000", "--keys", "100")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(demo.waitFor(200, TimeUnit.SECONDS)).as("demo finished").isTrue();
      List<String> lines = Files.readAllLines(out);
      assertThat(demo.exitValue()).as("exit code; stdout %s%nstderr %s", lines, Files.readString(err)).isZero();
      assertThat(lines).anyMatch(l -> l.matches(
          "demo: events=20000 processed=20000 lost=0 duplicates=0 order_violations=0 elapsed_ms=\\d+ rate_per_s=\\d+"));
      assertThat(lines).as("plain progress lines, no bar, when stdout is a file")
          .noneMatch(l -> l.contains("\r")).anyMatch(l -> l.startsWith("progress: "));
      assertThat(lines).anyMatch(l -> l.startsWith("sample #10000: "));
      assertThat(Files.readString(err)).contains("shutdown report:");
    } finally {
      demo.destroyForcibly();
    }
  }
}
