package io.tributary.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.samples.demo.PrometheusServer.Sample;
import io.tributary.samples.demo.PrometheusServer.Target;
import io.tributary.testkit.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's acceptance: {@code tributary demo --metrics-port P} scraped by a real Prometheus server (Debian's
 * {@code /usr/bin/prometheus}, every second): the target turns {@code up} and Prometheus's
 * {@code tributary_runner_processed_total} grows to what the demo reports it processed. The demo runs against this
 * module's shared broker ({@code --bootstrap-servers}): its own embedded broker is {@link DemoCommandTest}'s part.
 */
class DemoPrometheusScrapeTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static final int EVENTS = 20_000;
  private static final Pattern URL = Pattern.compile("^metrics: http://127\\.0\\.0\\.1:(\\d+)/metrics$",
      Pattern.MULTILINE);
  private static final Pattern RESULT = Pattern.compile("^demo: events=(\\d+) processed=(\\d+) lost=0 ",
      Pattern.MULTILINE);

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void prometheus_scrapes_the_demo_and_sees_every_processed_event() throws Exception {
    assertThat(PrometheusServer.BINARY).as("the Prometheus server; install it with `apt-get install -y "
        + "--no-install-recommends prometheus` (Debian 12; .ci/run does it)").isExecutable();
    Path out = dir.resolve("demo.out");
    Path err = dir.resolve("demo.err");
    // The demo lingers after it finished, so that a 1 s scrape interval surely sees the final counts.
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main",
        "demo", "--events", String.valueOf(EVENTS), "--keys", "100", "--metrics-port", "0",
        "--linger-seconds", "180", "--bootstrap-servers", kafka.bootstrapServers())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    Path promDir = Files.createDirectory(dir.resolve("prometheus"));
    PrometheusServer prometheus = null;
    try {
      AtomicReference<String> port = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        Matcher m = URL.matcher(read(err));
        if (m.find()) {
          port.set(m.group(1));
        }
        return port.get() != null || !demo.isAlive();
      });
      assertThat(port.get()).as("the demo's metrics line; stderr:%n%s", read(err)).isNotNull();

      prometheus = PrometheusServer.start(promDir, "tributary", "127.0.0.1:" + port.get());
      PrometheusServer server = prometheus;
      String scrapeUrl = "http://127.0.0.1:" + port.get() + "/metrics";
      AtomicReference<List<Target>> targets = new AtomicReference<>(List.of());
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .failFast("the demo exited", () -> !demo.isAlive())
          .until(() -> {
            targets.set(server.targets());
            return targets.get().stream().anyMatch(t -> t.scrapeUrl().equals(scrapeUrl)
                && t.health().equals("up"));
          });

      // Each value Prometheus holds while the demo runs, until it reached the demo's count.
      List<Double> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(200)).pollInterval(Duration.ofMillis(500))
          .failFast("the demo exited", () -> !demo.isAlive())
          .until(() -> {
            List<Sample> processed = server.query("tributary_runner_processed_total{job=\"tributary\"}");
            assertThat(processed).as("one runner").hasSizeLessThanOrEqualTo(1);
            if (processed.isEmpty()) {
              return false;
            }
            double v = processed.get(0).value();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != v) {
              seen.add(v);
            }
            return v == EVENTS;
          });
      assertThat(seen).as("values seen by Prometheus").isSorted();

      Matcher result = RESULT.matcher(read(out));
      assertThat(result.find()).as("the demo's result line; stdout:%n%s", read(out)).isTrue();
      assertThat(Long.parseLong(result.group(2))).as("processed, as the demo reports").isEqualTo(EVENTS);

      Sample sample = server.query("tributary_runner_processed_total").get(0);
      assertThat(sample.labels()).containsEntry("instance", "127.0.0.1:" + port.get())
          .containsEntry("protocol", "kafka");
      assertThat(sample.labels().get("runner")).startsWith("kafka-consumer[tributary-demo-")
          .endsWith("/tributary-demo]");
      assertThat(server.query("tributary_runner_received_total").get(0).value()).isEqualTo(EVENTS);
      assertThat(server.query("up{job=\"tributary\"}").get(0).value()).isEqualTo(1.0);
    } catch (AssertionError | RuntimeException e) {
      String log = prometheus == null ? "(not started)" : prometheus.log();
      throw new AssertionError(e.getMessage() + "\n-- demo stdout:\n" + tail(read(out)) + "\n-- demo stderr:\n"
          + tail(read(err)) + "\n-- prometheus log:\n" + tail(log), e);
    } finally {
      if (prometheus != null) {
        prometheus.close();
      }
      demo.destroy(); // SIGTERM ends the lingering demo: its graceful stop
      if (!demo.waitFor(60, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
        throw new AssertionError("the demo did not stop within 60 s of SIGTERM; stderr:\n" + tail(read(err)));
      }
    }
    assertThat(demo.exitValue()).as("exit code after SIGTERM; stderr:%n%s", tail(read(err))).isZero();
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static String tail(String text) {
    return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
  }
}
