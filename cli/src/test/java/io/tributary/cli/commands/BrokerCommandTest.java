package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.cli.CommandRun;
import io.tributary.cli.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code tributary broker} in a child JVM, as a user would, and stops it with SIGTERM. */
class BrokerCommandTest {

  @TempDir
  Path dir;

  /**
   * One broker run for what a default broker does (two runs before, one broker start saved): its one stdout line,
   * the topics given with {@code --topic} ready before it, clients served (the CLI, the Java client and kcat
   * producing to topics nobody created, as with stock Kafka), and a clean exit on SIGTERM.
   */
  @Test
  @Timeout(240)
  void broker_prints_its_address_creates_the_given_topics_serves_clients_like_stock_kafka_and_exits_zero_on_sigterm()
      throws Exception {
    int port = freePort();
    Path dataDir = dir.resolve("data");
    Path stdout = dir.resolve("broker.out");
    Path stderr = dir.resolve("broker.err");
    Process broker = startBroker(stdout, stderr, "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
        "--topic", "orders:3", "--topic", "audit");
    try {
      String expectedLine = "bootstrap.servers=127.0.0.1:" + port;
      String bootstrap = "127.0.0.1:" + port;
      await("the bootstrap.servers line").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
          .until(() -> read(stdout).contains("\n") || !broker.isAlive());
      assertThat(read(stdout).lines().toList()).as("stdout; stderr:%n%s", read(stderr)).containsExactly(expectedLine);

      // the given topics exist as soon as the ready line is out
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        Map<String, TopicDescription> topics = admin.describeTopics(List.of("orders", "audit")).allTopicNames()
            .get(30, TimeUnit.SECONDS);
        assertThat(topics.get("orders").partitions()).hasSize(3);
        assertThat(topics.get("audit").partitions()).hasSize(1);
      }

      CommandRun produce = CommandRun.of("produce", "--bootstrap-servers", bootstrap,
          "--topic", "b1", "--count", "100", "--keys", "5");
      assertThat(produce.code()).as("produce exit code; stderr:%n%s", produce.err()).isZero();
      assertThat(produce.outLines()).containsExactly("produced 100 records to b1");
      assertThat(ProduceCommandTest.readAll(bootstrap, "b1", 100)).hasSize(100);

      // the Java client: produce to a topic nobody created
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
          new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("java-auto", "k", "v")).get(60, TimeUnit.SECONDS);
      }
      assertThat(ProduceCommandTest.readAll(bootstrap, "java-auto", 1)).hasSize(1);
      // rdkafka's kcat (the C client behind the Rust rdkafka crate), when installed: the same with its defaults
      if (Kcat.installed()) {
        Kcat.produce(bootstrap, "kcat-auto", List.of("a:1", "b:2", "a:3"));
        List<ConsumerRecord<String, String>> read = ProduceCommandTest.readAll(bootstrap, "kcat-auto", 3);
        assertThat(read).extracting(r -> r.key() + ":" + r.value()).containsExactlyInAnyOrder("a:1", "b:2", "a:3");
      }

      List<ProcessHandle> brokerJvms = broker.descendants().toList();
      assertThat(brokerJvms).as("the broker's child JVM").isNotEmpty();

      broker.destroy(); // SIGTERM
      assertThat(broker.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s; stderr:%n%s", read(stderr))
          .isTrue();
      assertThat(broker.exitValue()).as("exit code; stderr:%n%s", read(stderr)).isZero();
      assertThat(brokerJvms).allSatisfy(jvm -> assertThat(jvm.isAlive()).as("pid %d alive", jvm.pid()).isFalse());
      assertThat(read(stdout).lines().toList()).as("the only stdout line").containsExactly(expectedLine);
      assertThat(read(stderr)).contains("Kafka broker stopped");
      assertThat(dataDir.resolve("kafka-logs")).as("the given data dir is kept").isDirectory();
    } finally {
      broker.destroyForcibly();
    }
  }

  @Test
  @Timeout(120)
  void a_port_in_use_fails_with_a_clear_message_and_exit_code_1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path stdout = dir.resolve("broker.out");
      Path stderr = dir.resolve("broker.err");
      Process broker = startBroker(stdout, stderr, "--port", Integer.toString(taken.getLocalPort()));
      try {
        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("ended; stderr:%n%s", read(stderr)).isTrue();
        assertThat(broker.exitValue()).isEqualTo(1);
        assertThat(read(stdout)).isEmpty();
        assertThat(read(stderr)).contains("tributary broker: could not start the embedded Kafka broker")
            .contains("already in use");
      } finally {
        broker.destroyForcibly();
      }
    }
  }

  @Test
  @Timeout(180)
  void with_no_auto_create_topics_a_missing_topic_is_refused() throws Exception {
    Path stdout = dir.resolve("broker.out");
    Path stderr = dir.resolve("broker.err");
    Process broker = startBroker(stdout, stderr, "--port", "0", "--no-auto-create-topics");
    try {
      String bootstrap = awaitReadyLine(broker, stdout, stderr);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000),
          new StringSerializer(), new StringSerializer())) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("nobody-made-me", "k", "v")).get(30,
            TimeUnit.SECONDS)).hasMessageContaining("nobody-made-me not present in metadata")
            .hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class);
      }
    } finally {
      broker.destroy();
      broker.waitFor(20, TimeUnit.SECONDS);
      broker.destroyForcibly();
    }
  }

  @Test
  void an_invalid_topic_option_is_a_usage_error_naming_it() {
    CommandRun zero = CommandRun.of("broker", "--topic", "orders:0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("--topic orders:0: the partition count after ':' must be a whole number of 1 "
        + "or more");
    CommandRun name = CommandRun.of("broker", "--topic", "bad name");
    assertThat(name.code()).isEqualTo(2);
    assertThat(name.err()).contains("'bad name' is not a valid Kafka topic name");
  }

  /** Waits for the broker's one stdout line and returns its address. */
  private static String awaitReadyLine(Process broker, Path stdout, Path stderr) {
    await("the bootstrap.servers line").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> read(stdout).contains("\n") || !broker.isAlive());
    String line = read(stdout).lines().findFirst().orElse("");
    assertThat(line).as("stdout; stderr:%n%s", read(stderr)).startsWith("bootstrap.servers=127.0.0.1:");
    return line.substring("bootstrap.servers=".length());
  }

  /** Starts {@code java -cp <this classpath> io.tributary.cli.Main broker ...}, its output going to files. */
  private static Process startBroker(Path stdout, Path stderr, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "broker"));
    command.addAll(List.of(options));
    return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
    } catch (IOException e) {
      return "(unreadable " + file + ": " + e + ")";
    }
  }
}
