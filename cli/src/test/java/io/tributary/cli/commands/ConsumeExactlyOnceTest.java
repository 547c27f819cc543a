package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code consume --exactly-once --output-topic T}: each input value once in T's read_committed view, and its flags. */
class ConsumeExactlyOnceTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  @Test
  void each_input_value_reaches_the_output_topic_exactly_once_with_its_key() {
    kafka.createTopic("eos-cli-in", 2);
    kafka.createTopic("eos-cli-out", 2);
    CommandRun produce = CommandRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "eos-cli-in", "--count", "1000", "--keys", "10");
    assertThat(produce.code()).as(produce.err()).isZero();
    CommandRun consume = CommandRun.of("consume", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "eos-cli-in", "--group", "eos-cli", "--exactly-once", "--output-topic", "eos-cli-out",
        "--max-idle-seconds", "2", "--out", "/dev/null");
    assertThat(consume.code()).as(consume.err()).isZero();
    List<String> in = KafkaRecords.readAll(kafka.bootstrapServers(), "eos-cli-in").stream()
        .map(ConsumeExactlyOnceTest::keyAndValue).sorted().toList();
    List<String> out = KafkaRecords.readCommitted(kafka.bootstrapServers(), "eos-cli-out").stream()
        .map(ConsumeExactlyOnceTest::keyAndValue).sorted().toList();
    assertThat(in).hasSize(1000);
    assertThat(out).isEqualTo(in);
  }

  @Test
  void exactly_once_and_the_output_topic_come_together_and_only_for_kafka() {
    CommandRun noTopic = CommandRun.of("consume", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "t", "--group", "g", "--exactly-once");
    assertThat(noTopic.code()).isEqualTo(2);
    assertThat(noTopic.err()).contains("--exactly-once needs --output-topic");
    CommandRun noMode = CommandRun.of("consume", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "t", "--group", "g", "--output-topic", "o");
    assertThat(noMode.code()).isEqualTo(2);
    assertThat(noMode.err()).contains("--output-topic needs --exactly-once");
    CommandRun nats = CommandRun.of("consume", "--nats-url", "nats://127.0.0.1:4222", "--stream", "s",
        "--exactly-once", "--output-topic", "o");
    assertThat(nats.code()).isEqualTo(2);
    assertThat(nats.err()).contains("--exactly-once");
  }

  private static String keyAndValue(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8);
  }
}
