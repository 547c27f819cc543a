package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProduceCommandTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static final Pattern VALUE = Pattern.compile("\\{\"id\":(\\d+),\"key\":\"(k\\d+)\",\"seq\":(\\d+)\\}");

  @Test
  void produce_creates_the_topic_and_writes_keyed_json_records_with_a_per_key_sequence() throws Exception {
    CommandRun run = CommandRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "t1", "--count", "1000", "--keys", "10");

    assertThat(run.code()).as("exit code; stderr:%n%s", run.err()).isZero();
    assertThat(run.outLines()).containsExactly("produced 1000 records to t1");
    assertThat(partitionCount("t1")).isEqualTo(4);

    List<ConsumerRecord<String, String>> records = readAll("t1", 1000);
    assertThat(records).hasSize(1000);
    for (ConsumerRecord<String, String> record : records) {
      Matcher m = VALUE.matcher(record.value());
      assertThat(m.matches()).as("value %s", record.value()).isTrue();
      long id = Long.parseLong(m.group(1));
      assertThat(record.value()).isEqualTo("{\"id\":" + id + ",\"key\":\"k" + (id % 10) + "\",\"seq\":" + (id / 10) + "}");
      assertThat(record.key()).isEqualTo("k" + (id % 10));
    }
    List<Long> ids = records.stream().map(r -> id(r.value())).sorted().toList();
    assertThat(ids).containsExactlyElementsOf(LongStream.range(0, 1000).boxed().toList());

    // within each partition, in offset order, every key's seq runs 0, 1, 2, ...; a key lives in one partition
    Map<String, Integer> partitionOfKey = new HashMap<>();
    Map<Integer, Map<String, List<Long>>> seqsByPartitionAndKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      Integer earlier = partitionOfKey.putIfAbsent(record.key(), record.partition());
      assertThat(earlier == null ? record.partition() : earlier).as("partition of key %s", record.key())
          .isEqualTo(record.partition());
      seqsByPartitionAndKey.computeIfAbsent(record.partition(), p -> new HashMap<>())
          .computeIfAbsent(record.key(), k -> new ArrayList<>()).add(seq(record.value()));
    }
    assertThat(partitionOfKey).hasSize(10);
    seqsByPartitionAndKey.forEach((partition, byKey) -> byKey.forEach((key, seqs) ->
        assertThat(seqs).as("seqs of %s in partition %d", key, partition)
            .containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList())));
  }

  @Test
  void an_existing_topic_is_kept_with_its_partition_count() throws Exception {
    kafka.createTopic("t2", 2);

    CommandRun run = CommandRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "t2", "--count", "250");

    assertThat(run.code()).as("exit code; stderr:%n%s", run.err()).isZero();
    assertThat(run.outLines()).containsExactly("produced 250 records to t2");
    assertThat(partitionCount("t2")).isEqualTo(2);
    List<ConsumerRecord<String, String>> records = readAll("t2", 250);
    assertThat(records).hasSize(250);
    // default: 100 keys, so record 249 is k49's third
    assertThat(records).anySatisfy(r -> {
      assertThat(r.key()).isEqualTo("k49");
      assertThat(r.value()).isEqualTo("{\"id\":249,\"key\":\"k49\",\"seq\":2}");
    });
  }

  @Test
  void an_unreachable_broker_fails_with_a_clear_message_within_the_timeout() {
    CommandRun run = CommandRun.of("produce", "--bootstrap-servers", "127.0.0.1:1",
        "--topic", "t3", "--count", "10", "--timeout-ms", "3000");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("tributary produce: No Kafka broker at 127.0.0.1:1 answered within 3000 ms");
    assertThat(run.millis()).isLessThan(15_000);
  }

  @Test
  void records_kafka_does_not_acknowledge_fail_the_run_naming_the_topic_partition_within_the_timeout()
      throws Exception {
    // every batch is larger than the topic allows: Kafka's producer splits and resends it until its delivery
    // timeout (a retry loop like KAFKA-14359's, which once hung produce for minutes with WARN lines only)
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      KafkaTopics.ensure(admin, new NewTopic("t5", Optional.of(2), Optional.empty())
          .configs(Map.of("max.message.bytes", "64")), Duration.ofSeconds(30));
    }
    CommandRun run = CommandRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "t5", "--count", "50", "--timeout-ms", "3000");

    assertThat(run.code()).as("exit code; stderr:%n%s", run.err()).isEqualTo(1);
    assertThat(run.outLines()).containsExactly("produced 0 records to t5");
    assertThat(run.err()).containsPattern("tributary produce: only 0 of 50 records to 't5' were acknowledged by "
        + "127\\.0\\.0\\.1:\\d+ \\(delivery timeout 3000 ms\\): a record to t5-[01] was not acknowledged by Kafka");
    assertThat(run.millis()).isLessThan(25_000);
  }

  @Test
  void invalid_options_are_usage_errors() {
    CommandRun run = CommandRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "t4", "--count", "10", "--keys", "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--keys must be 1 or more, got 0");
  }

  private static long id(String value) {
    return Long.parseLong(group(value, 1));
  }

  private static long seq(String value) {
    return Long.parseLong(group(value, 3));
  }

  private static String group(String value, int group) {
    Matcher m = VALUE.matcher(value);
    assertThat(m.matches()).as("value %s", value).isTrue();
    return m.group(group);
  }

  private static int partitionCount(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
  }

  /** Reads a topic from the beginning until {@code expected} records arrived (at most 30 s), checking the end. */
  static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
    return readAll(kafka.bootstrapServers(), topic, expected);
  }

  static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic, int expected) {
    Map<TopicPartition, Long> end = KafkaRecords.endOffsets(bootstrapServers, topic);
    assertThat(end.values().stream().mapToLong(Long::longValue).sum())
        .as("records in %s (sum of end offsets)", topic).isEqualTo(expected);
    return KafkaRecords.readAll(bootstrapServers, topic, new StringDeserializer(), new StringDeserializer());
  }
}
