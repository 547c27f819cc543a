package io.tributary.samples.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.Main;
import io.tributary.cli.commands.Topics;
import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.testkit.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the rdkafka-style consumer loop sample against the embedded broker, as its Javadoc shows it. */
class ConsumerLoopCommandTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  @Test
  @Timeout(120)
  void prints_every_message_dead_letters_the_invalid_payload_and_commits(EmbeddedKafkaBroker broker)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    String topic = "loop-" + UUID.randomUUID();
    byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
    Topics.createIfMissing(bootstrap, topic, 1, Duration.ofSeconds(30));
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      producer.send(new ProducerRecord<>(topic, "first".getBytes(StandardCharsets.UTF_8))).get();
      producer.send(new ProducerRecord<>(topic, invalidUtf8)).get();
      producer.send(new ProducerRecord<>(topic, "second".getBytes(StandardCharsets.UTF_8))).get();
    }

    String out = runCapturingStdout("consumer-loop", "--bootstrap-servers", bootstrap, "--topic", topic,
        "--group", "loop-test", "--max-messages", "2");

    assertThat(out).contains("Received message: first", "Received message: second")
        .doesNotContain("Received message: \uFFFD");
    assertThat(out).containsPattern("consumer-loop: drained=\\d+ committed=\\{" + topic + "-0=3\\} abandoned=\\[\\]");
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(bootstrap, topic + ".dlq", 1);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).value()).isEqualTo(invalidUtf8);
    assertThat(new String(dead.get(0).headers().lastHeader("tributary.error.message").value(),
        StandardCharsets.UTF_8)).contains("not valid UTF-8");
  }

  private static String runCapturingStdout(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stdout:%n%s", text).isZero();
    return text;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
