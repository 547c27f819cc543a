package io.tributary.samples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.pipeline.event.Event;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
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
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

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
      // the producer's trace continues in what the pipeline emits for the record
      assertThat(traceHeaders(r)).containsExactly(traceparent((Long) e.get("order_id")), "t=" + e.get("order_id"));
    }
    assertThat(orderIds).doesNotHaveDuplicates().hasSize(GOOD).allMatch(id -> id >= 0 && id < GOOD);

    List<ConsumerRecord<String, String>> invalid = readAll(topic + "-invalid");
    assertThat(invalid).hasSize(BAD);
    for (ConsumerRecord<String, String> r : invalid) {
      Event e = Event.fromJson(r.value());
      assertThat(r.key()).startsWith("bad");
      assertThat(e.get("message")).isEqualTo("not json " + r.key().substring(3));
      assertThat((String) e.get("error")).startsWith("parse_json: invalid JSON");
      int bad = Integer.parseInt(r.key().substring(3));
      assertThat(traceHeaders(r)).containsExactly(traceparent(GOOD + bad), "t=" + (GOOD + bad));
    }

    Map<TopicPartition, Long> end = KafkaRecords.endOffsets(kafka.bootstrapServers(), topic);
    assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(GOOD + BAD);
    assertThat(committed(group, topic, end.keySet())).isEqualTo(end);
  }

  private static void produce(String topic) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < GOOD; i++) {
      String key = "k" + (i % 10);
      String value = "{\"id\":" + i + ",\"key\":\"" + key + "\",\"seq\":" + i / 10 + "}";
      records.add(new ProducerRecord<>(topic, null, key, value, traced(i)));
      if (i % 40 == 0 && i / 40 < BAD) {
        int bad = i / 40;
        records.add(new ProducerRecord<>(topic, null, "bad" + bad, "not json " + bad, traced(GOOD + bad)));
      }
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer())) {
      KafkaRecords.sendAll(producer, records);
    }
  }

  /** A W3C trace context per input record, as a traced producer would write it. */
  private static String traceparent(long n) {
    return String.format("00-%032x-%016x-01", n + 1, n + 1);
  }

  private static List<Header> traced(long n) {
    return List.of(new RecordHeader("traceparent", traceparent(n).getBytes(StandardCharsets.UTF_8)),
        new RecordHeader("tracestate", ("t=" + n).getBytes(StandardCharsets.UTF_8)));
  }

  /** The record's trace context headers, as text. */
  private static List<String> traceHeaders(ConsumerRecord<?, ?> r) {
    List<String> result = new ArrayList<>();
    for (String name : List.of("traceparent", "tracestate")) {
      Header h = r.headers().lastHeader(name);
      result.add(h == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    return result;
  }

  /** Every record of the topic now (empty when it does not exist yet). */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    return KafkaRecords.readAll(kafka.bootstrapServers(), topic, new StringDeserializer(), new StringDeserializer());
  }

  /** The group's committed offsets on these partitions, 0 where it committed nothing. */
  private static Map<TopicPartition, Long> committed(String group, String topic, Set<TopicPartition> partitions) {
    Map<TopicPartition, Long> committed = KafkaRecords.committedOffsets(kafka.bootstrapServers(), group, topic);
    Map<TopicPartition, Long> result = new HashMap<>();
    for (TopicPartition tp : partitions) {
      result.put(tp, committed.getOrDefault(tp, 0L));
    }
    return result;
  }
}
