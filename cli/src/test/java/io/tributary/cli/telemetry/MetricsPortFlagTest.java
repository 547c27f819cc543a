package io.tributary.cli.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.cli.CommandRun;
import io.tributary.testkit.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary consume --metrics-port 0} in its own process: it prints the address it serves, {@code
 * /metrics} counts what it consumed, and after SIGTERM it still exits 0.
 */
class MetricsPortFlagTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static final Pattern URL = Pattern.compile("^metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)$",
      Pattern.MULTILINE);

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void consume_serves_metrics_on_the_port_it_prints() throws Exception {
    CommandRun produced = CommandRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "flagged", "--count", "500", "--keys", "10");
    assertThat(produced.code()).as(produced.err()).isZero();
    Path err = dir.resolve("consume.stderr");
    Process consumer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main", "consume",
        "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "flagged", "--group", "g-flagged",
        "--out", dir.resolve("consume.out").toString(), "--metrics-port", "0")
        .redirectOutput(dir.resolve("consume.stdout").toFile()).redirectError(err.toFile()).start();
    try {
      AtomicReference<String> url = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        Matcher m = URL.matcher(Files.exists(err) ? Files.readString(err) : "");
        if (m.find()) {
          url.set(m.group(1));
        }
        return url.get() != null || !consumer.isAlive();
      });
      assertThat(url.get()).as(Files.readString(err)).isNotNull();
      Map<String, String> runner = Map.of("runner", "kafka-consumer[flagged/g-flagged]");
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        List<Double> v = Scrape.get(url.get()).values("tributary_runner_processed_total", runner);
        return v.size() == 1 && v.get(0) == 500.0;
      });
      Scrape metrics = Scrape.get(url.get());
      assertThat(metrics.value("tributary_runner_received_total", runner)).isEqualTo(500);
      assertThat(metrics.value("tributary_runner_acknowledged_total", runner)).isEqualTo(500);
      String base = url.get().replace("/metrics", "");
      assertThat(Scrape.get(base + "/health/ready").status()).isEqualTo(200);
      assertThat(Scrape.get(base + "/health/live").status()).isEqualTo(200);
    } finally {
      consumer.destroy(); // SIGTERM: the graceful stop
    }
    assertThat(consumer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(consumer.exitValue()).as(Files.readString(err)).isZero();
  }
}
