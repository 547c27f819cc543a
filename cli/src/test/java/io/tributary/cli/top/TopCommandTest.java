package io.tributary.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.tributary.actors.node.MetricsServer;
import io.tributary.actors.node.Tributary;
import io.tributary.cli.CommandRun;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.EmbeddedKafkaExtension;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * {@code tributary top --once} against a real process: a Kafka runner on the embedded broker, served with {@code
 * Tributary.serveMetrics(0)}, while records keep arriving. Its line shows rates, in flight and lag; a key whose
 * handler never finishes shows as stuck, by key, partition and offset; an address that does not answer, or
 * answers something else, exits 2.
 */
class TopCommandTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static final String TOPIC = "watched";
  private static final String RUNNER = "kafka-consumer[watched/g-watched]";
  private static final Pattern LINE = Pattern.compile("^top: \\S+Z " + Pattern.quote(RUNNER)
      + " in=(\\S+) out=(\\S+) inflight=(\\S+) lag=(\\S+) status=(\\S+)(.*)$", Pattern.MULTILINE);

  /** The runner's line of one {@code top --once} run, or empty when it has none yet. */
  private static Optional<Matcher> runnerLine(String url) {
    CommandRun run = CommandRun.of("top", "--once", "--plain", "--interval", "0.5", "--url", url);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.outLines()).first().asString().matches("top: \\S+Z process status=(UP|DOWN) stopping=false");
    Matcher m = LINE.matcher(run.out());
    return m.find() ? Optional.of(m) : Optional.empty();
  }

  private static double rate(String field) {
    return field.equals("-") ? -1 : Double.parseDouble(field.substring(0, field.length() - "/s".length()));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void the_runner_line_shows_rates_in_flight_lag_and_a_stuck_key_by_partition_and_offset() throws Exception {
    kafka.createTopic(TOPIC, 3);
    CompletableFuture<Done> hold = new CompletableFuture<>();
    AtomicReference<SourcePosition> held = new AtomicReference<>();
    ScheduledExecutorService producing = Executors.newSingleThreadScheduledExecutor();
    Tributary tributary = Tributary.start("top-test", ConfigFactory.parseString(
            "tributary.health { stuck-after = 1s, slow-handler = 500ms, not-ready-after = 1s, "
                + "check-interval = 100ms }")
        .withFallback(ConfigFactory.load()));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      MetricsServer server = tributary.serveMetrics(0);
      KafkaRunner<String> runner = KafkaRunner.start(tributary.system(),
          KafkaSourceSettings.create(kafka.bootstrapServers(), "g-watched", java.util.List.of(TOPIC),
              PayloadDecoder.string()).withCommitInterval(Duration.ofMillis(100)),
          ProcessingSettings.defaults().withParallelism(8), envelope -> {
            if (envelope.payload().equals("block") && held.compareAndSet(null, envelope.position())) {
              return hold; // never finishes until the test releases it
            }
            return CompletableFuture.completedFuture(Done.getInstance());
          });
      tributary.manage(runner, Duration.ofSeconds(20));

      // Records keep arriving: 20 every 100 ms over keys k0..k9.
      AtomicInteger sent = new AtomicInteger();
      producing.scheduleAtFixedRate(() -> {
        for (int i = 0; i < 20; i++) {
          int n = sent.getAndIncrement();
          producer.send(new ProducerRecord<>(TOPIC, "k" + n % 10, "v" + n));
        }
      }, 0, 100, TimeUnit.MILLISECONDS);

      // Healthy: in and out near 200/s, up, no stuck lane.
      AtomicReference<Matcher> line = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> runnerLine(server.url()).map(m -> {
        line.set(m);
        return rate(m.group(1)) > 0 && rate(m.group(2)) > 0 && m.group(5).equals("UP");
      }).orElse(false));
      Matcher healthy = line.get();
      assertThat(healthy.group(3)).as("in flight").matches("\\d+");
      assertThat(healthy.group(4)).as("lag").matches("\\d+");
      assertThat(healthy.group(6)).doesNotContain("stuck=");

      // A key whose handler never finishes: named stuck, with its partition and offset; not ready after 2 s.
      producer.send(new ProducerRecord<>(TOPIC, "k3", "block")).get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> held.get() != null);
      SourcePosition at = held.get();
      String stuckLane = "stuck=key=k3@" + TOPIC + "/" + at.partition() + "@" + at.offset() + ":";
      await().atMost(Duration.ofSeconds(60)).until(() -> runnerLine(server.url()).map(m -> {
        line.set(m);
        return m.group(5).equals("DOWN") && m.group(6).contains(stuckLane);
      }).orElse(false));
      Matcher stuck = line.get();
      LoggerFactory.getLogger(TopCommandTest.class).info("stuck: {}", stuck.group());
      assertThat(Long.parseLong(stuck.group(3))).as("the held handler is in flight").isPositive();
      assertThat(Long.parseLong(stuck.group(4))).as("its partition's commit stays below it").isPositive();
      assertThat(stuck.group(1)).as("in").matches("\\d+\\.\\d/s");
      assertThat(stuck.group(6)).contains(" reason=\"1 lane stuck: key=k3");

      // The same in a terminal: the stuck lane in bold red under the runner's row.
      CommandRun ansi = CommandRun.of("top", "--once", "--ansi", "--interval", "0.2", "--url", server.url());
      assertThat(ansi.code()).as(ansi.err()).isZero();
      assertThat(ansi.out()).startsWith("\033[2J\033[H").contains("tributary top")
          .contains(AnsiView.RED_BOLD + "  stuck key=k3 at " + at);
    } finally {
      producing.shutdownNow();
      producing.awaitTermination(10, TimeUnit.SECONDS);
      hold.complete(Done.getInstance());
      tributary.close();
    }
  }

  @Test
  void an_address_that_does_not_answer_exits_2_after_the_wait() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    CommandRun run = CommandRun.of("top", "--once", "--wait", "1", "--url", "http://127.0.0.1:" + port + "/metrics");
    assertThat(run.code()).isEqualTo(TopCommand.EXIT_UNREACHABLE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as(run.err()).first().asString()
        .isEqualTo("top: waiting for http://127.0.0.1:" + port + " (connection refused)");
    assertThat(run.err()).contains("tributary top: cannot reach http://127.0.0.1:" + port
        + "/metrics (connection refused) for 1.0 s: is the process running with --metrics-port " + port + "?");
    assertThat(run.millis()).isLessThan(10_000);
  }

  @Test
  void an_address_that_serves_something_else_exits_2_at_once() throws Exception {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", exchange -> {
      byte[] body = "<html>not here</html>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    other.start();
    try {
      String url = "http://127.0.0.1:" + other.getAddress().getPort();
      CommandRun run = CommandRun.of("top", "--once", "--url", url);
      assertThat(run.code()).isEqualTo(TopCommand.EXIT_UNREACHABLE);
      assertThat(run.err()).contains("tributary top: " + url + "/metrics answered 404: is this the port of a "
          + "Tributary process's --metrics-port?");
    } finally {
      other.stop(0);
    }
  }
}
