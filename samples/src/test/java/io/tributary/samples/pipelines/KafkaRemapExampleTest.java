package io.tributary.samples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.pipeline.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shipped example {@code pipelines/kafka-remap.conf} (kafka -> parse_json -> remap ->
 * kafka, with a dead-letter route) as a real {@code tributary pipeline} process against the embedded
 * broker, stops it with SIGTERM once the output topics hold everything, and checks the output, the
 * dead letters and the consumer group's committed offsets.
 */
class KafkaRemapExampleTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  private static final int GOOD = 300;
  private static final int BAD = 7;

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void the_example_remaps_every_record_dead_letters_the_invalid_ones_and_commits_all_offsets() throws Exception {
    String topic = "orders-e2e";
    String group = "remap-e2e";
    kafka.createTopic(topic, 3);
    produce(topic);

    Path stdout = dir.resolve("pipeline.stdout");
    Path stderr = dir.resolve("pipeline.stderr");
    Process pipeline = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main",
        "pipeline", Path.of("pipelines", "kafka-remap.conf").toAbsolutePath().toString(),
        "--set", "vars.bootstrap_servers=" + kafka.bootstrapServers(),
        "--set", "vars.topic=" + topic,
        "--set", "vars.group_id=" + group)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      try {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> !pipeline.isAlive()
                || (readAll(topic + "-enriched").size() >= GOOD && readAll(topic + "-invalid").size() >= BAD));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("output incomplete: enriched=" + readAll(topic + "-enriched").size()
            + " invalid=" + readAll(topic + "-invalid").size() + "; pipeline stderr:\n" + Files.readString(stderr), e);
      }
      assertThat(pipeline.isAlive()).as("the pipeline runs until stopped; %s", Files.readString(stderr)).isTrue();
      pipeline.destroy(); // SIGTERM: stop consuming, drain, commit
      assertThat(pipeline.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    } finally {
      pipeline.destroyForcibly();
    }
    String log = Files.readString(stderr);
    assertThat(pipeline.exitValue()).as(log).isZero();
    assertThat(log).contains("shutdown report: pipeline[kafka-remap] events=" + (GOOD + BAD) + " acknowledged="
        + (GOOD + BAD) + " in-flight=0");

    List<ConsumerRecord<String, String>> enriched = readAll(topic + "-enriched");
    assertThat(enriched).hasSize(GOOD);
    List<Long> orderIds = new ArrayList<>();
    for (ConsumerRecord<String, String> r : enriched) {
      Event e = Event.fromJson(r.value());
      assertThat(e.fields().keySet()).containsExactlyInAnyOrder("key", "timestamp", "seq", "order_id", "pipeline",
          "schema_version");
      assertThat(e.get("pipeline")).isEqualTo("kafka-remap");
      assertThat(e.get("schema_version")).isEqualTo(2L);
      assertThat(r.key()).isEqualTo(e.get("key")).isEqualTo("k" + ((Long) e.get("order_id") % 10));
      orderIds.add((Long) e.get("order_id"));
    }
    assertThat(orderIds).doesNotHaveDuplicates().hasSize(GOOD).allMatch(id -> id >= 0 && id < GOOD);

    List<ConsumerRecord<String, String>> invalid = readAll(topic + "-invalid");
    assertThat(invalid).hasSize(BAD);
    for (ConsumerRecord<String, String> r : invalid) {
      Event e = Event.fromJson(r.value());
      assertThat(r.key()).startsWith("bad");
      assertThat(e.get("message")).isEqualTo("not json " + r.key().substring(3));
      assertThat((String) e.get("error")).startsWith("parse_json: invalid JSON");
    }

    Map<TopicPartition, Long> end = endOffsets(topic);
    assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(GOOD + BAD);
    assertThat(committed(group, end.keySet())).isEqualTo(end);
  }

  private static void produce(String topic) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < GOOD; i++) {
        String key = "k" + (i % 10);
        String value = "{\"id\":" + i + ",\"key\":\"" + key + "\",\"seq\":" + i / 10 + "}";
        sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
        if (i % 40 == 0 && i / 40 < BAD) {
          int bad = i / 40;
          sent.add(producer.send(new ProducerRecord<>(topic, "bad" + bad, "not json " + bad)));
        }
      }
      producer.flush();
      for (Future<RecordMetadata> record : sent) {
        record.get(0, TimeUnit.SECONDS); // answered after flush(); throws when Kafka did not acknowledge it
      }
    } catch (ExecutionException | InterruptedException | TimeoutException e) {
      throw new IllegalStateException("a test record was not acknowledged by Kafka: " + e, e);
    }
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Every record of the topic now (empty when it does not exist yet). */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(null)) {
      List<PartitionInfo> partitions = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
      if (partitions == null) {
        return List.of();
      }
      List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition()))
          .collect(Collectors.toList());
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(10));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static Map<TopicPartition, Long> endOffsets(String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(null)) {
      List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
      return new HashMap<>(consumer.endOffsets(tps, Duration.ofSeconds(10)));
    }
  }

  private static Map<TopicPartition, Long> committed(String group, Set<TopicPartition> partitions)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata om = offsets.get(tp);
        result.put(tp, om == null ? 0L : om.offset());
      }
      return result;
    }
  }
}
