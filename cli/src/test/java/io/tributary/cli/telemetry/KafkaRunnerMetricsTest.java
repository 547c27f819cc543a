package io.tributary.cli.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.node.MetricsServer;
import io.tributary.actors.node.Tributary;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kafka runner on a real broker with {@code Tributary.serveMetrics(0)}: {@code /metrics} scraped over HTTP
 * counts what was processed and dead-lettered, the lag drops to 0 once committed, {@code /health/ready} is
 * 200 while it runs and 503 once the graceful stop began, and the runner's meters go when it stopped.
 */
class KafkaRunnerMetricsTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static final String TOPIC = "metered";
  private static final String RUNNER = "kafka-consumer[metered/g-metered]";
  private static final Map<String, String> OF_RUNNER = Map.of("runner", RUNNER, "protocol", "kafka");
  private static final int GOOD = 200;

  private static void produce(List<String> values) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      records.add(new ProducerRecord<>(TOPIC, ("k" + i % 20).getBytes(StandardCharsets.UTF_8),
          values.get(i).getBytes(StandardCharsets.UTF_8)));
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      KafkaRecords.sendAll(producer, records);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void metrics_count_what_was_processed_and_ready_turns_503_when_the_stop_begins() throws Exception {
    kafka.createTopic(TOPIC, 3);
    kafka.createTopic(TOPIC + ".dlq", 1);
    CompletableFuture<Done> hold = new CompletableFuture<>();
    Tributary tributary = Tributary.start("kafka-metrics-test");
    try {
      MetricsServer server = tributary.serveMetrics(0);
      String base = "http://127.0.0.1:" + server.port();
      assertThat(server.url()).isEqualTo(base + "/metrics");

      KafkaSourceSettings<String> settings = KafkaSourceSettings.create(kafka.bootstrapServers(), "g-metered",
          List.of(TOPIC), PayloadDecoder.string()).withCommitInterval(Duration.ofMillis(100));
      ProcessingSettings processing = ProcessingSettings.defaults().withParallelism(8)
          .withRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), 1.0));
      KafkaRunner<String> runner = KafkaRunner.start(tributary.system(), settings, processing, envelope -> {
        String value = envelope.payload();
        if (value.equals("poison")) {
          return CompletableFuture.failedFuture(new IllegalArgumentException("cannot handle poison"));
        }
        CompletionStage<Done> done = value.equals("hold") ? hold : CompletableFuture.completedFuture(Done.getInstance());
        return done;
      });
      tributary.manage(runner, Duration.ofSeconds(20));

      // Down until the group assigned the partitions, then up.
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.get(base + "/health/ready").status() == 200);
      Scrape ready = Scrape.get(base + "/health/ready");
      assertThat(ready.contentType()).startsWith("application/json");
      assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"component\":\"" + RUNNER + "\"");

      List<String> values = new ArrayList<>();
      for (int i = 0; i < GOOD; i++) {
        values.add("order-" + i);
      }
      values.add("poison");
      produce(values);
      await().atMost(Duration.ofSeconds(60)).until(() -> runner.control().acknowledged() == GOOD + 1);
      // committed: every partition's lag back to 0
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Scrape s = Scrape.get(base + "/metrics");
        List<Double> lags = s.values("tributary_kafka_consumer_lag", OF_RUNNER);
        return lags.size() == 3 && lags.stream().allMatch(l -> l == 0.0);
      });

      Scrape metrics = Scrape.get(base + "/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.value("tributary_runner_received_total", OF_RUNNER)).isEqualTo(GOOD + 1);
      assertThat(metrics.value("tributary_runner_processed_total", OF_RUNNER)).isEqualTo(GOOD);
      assertThat(metrics.value("tributary_runner_dead_lettered_total", OF_RUNNER)).isEqualTo(1);
      assertThat(metrics.value("tributary_runner_failed_total", OF_RUNNER)).isEqualTo(1);
      assertThat(metrics.value("tributary_runner_retried_total", OF_RUNNER)).isEqualTo(2);
      assertThat(metrics.value("tributary_runner_acknowledged_total", OF_RUNNER)).isEqualTo(GOOD + 1);
      assertThat(metrics.value("tributary_runner_in_flight", OF_RUNNER)).isZero();
      assertThat(metrics.value("tributary_runner_parked", OF_RUNNER)).isZero();
      // every attempt timed: 200 successes and 3 attempts of the poison message
      assertThat(metrics.value("tributary_runner_handler_duration_seconds_count", OF_RUNNER)).isEqualTo(GOOD + 3);
      assertThat(metrics.values("tributary_runner_handler_duration_seconds_bucket", OF_RUNNER)).hasSize(16);
      assertThat(metrics.value("tributary_kafka_assigned_partitions", OF_RUNNER)).isEqualTo(3);
      assertThat(metrics.sum("tributary_kafka_commits_total", OF_RUNNER)).isPositive();
      assertThat(metrics.value("tributary_kafka_commit_duration_seconds_count",
          Map.of("runner", RUNNER, "outcome", "success"))).isPositive();
      assertThat(metrics.values("tributary_kafka_consumer_lag", Map.of("runner", RUNNER, "topic", TOPIC,
          "partition", "2"))).containsExactly(0.0);
      // the Kafka client's own metrics, and the JVM's
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.get(base + "/metrics")
          .sum("kafka_consumer_fetch_manager_records_consumed_total", Map.of("runner", RUNNER)) >= GOOD + 1);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes{").contains("process_uptime_seconds ")
          .contains("jvm_threads_live_threads ").contains("system_cpu_count ");

      // A message the handler holds: the drain waits for it, and meanwhile the system is not ready.
      produce(List.of("hold"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.get(base + "/metrics")
          .value("tributary_runner_in_flight", OF_RUNNER) == 1.0);
      assertThat(Scrape.get(base + "/health/ready").status()).isEqualTo(200);
      CompletableFuture<Done> stopped = tributary.stop().toCompletableFuture();
      await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.get(base + "/health/ready").status() == 503);
      Scrape stopping = Scrape.get(base + "/health/ready");
      assertThat(stopping.body()).contains("\"status\":\"DOWN\"").contains("\"stopping\":true");
      assertThat(Scrape.get(base + "/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(Scrape.get(base + "/health/live").status()).isEqualTo(200);
      assertThat(stopped).isNotDone();
      hold.complete(Done.getInstance());
      stopped.get(60, TimeUnit.SECONDS);

      assertThat(runner.control().acknowledged()).isEqualTo(GOOD + 2);
      String after = server.registry().scrape();
      assertThat(after).as("the runner's meters are removed when it stopped")
          .doesNotContain("runner=\"" + RUNNER + "\"");
    } finally {
      hold.complete(Done.getInstance());
      tributary.close();
    }
  }
}
