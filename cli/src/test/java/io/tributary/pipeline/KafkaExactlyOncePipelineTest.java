package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.pipeline.event.Event;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code kafka} source with {@code exactly_once = true} into {@code kafka} sinks with {@code exactly_once = true}:
 * every sink's records commit with their input's offset in one transaction.
 */
class KafkaExactlyOncePipelineTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static final PipelineTestSystem test = new PipelineTestSystem();

  @AfterAll
  static void stop() {
    test.close();
  }

  @Test
  @Timeout(120)
  void every_exactly_once_sink_holds_each_input_once_in_its_read_committed_view() throws Exception {
    int count = 500;
    kafka.createTopic("eos-pipe-in", 2);
    kafka.createTopic("eos-pipe-a", 2);
    kafka.createTopic("eos-pipe-b", 1);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>("eos-pipe-in", "k" + (i % 7), "{\"n\":" + i + "}"));
      }
      producer.flush();
    }
    String hocon = """
        sources { in { type = kafka, bootstrap_servers = "%1$s", topics = eos-pipe-in, group_id = eos-pipe,
                       exactly_once = true, transactional_id = eos-pipe-0 } }
        transforms { parsed { type = parse_json, inputs = [in], field = message } }
        sinks {
          a { type = kafka, inputs = [parsed], bootstrap_servers = "%1$s", topic = eos-pipe-a, key_field = key,
              exactly_once = true }
          b { type = kafka, inputs = [in], bootstrap_servers = "%1$s", topic = eos-pipe-b, exactly_once = true }
        }
        """.formatted(kafka.bootstrapServers());
    RunningPipeline running = test.start(hocon, ComponentRegistry.defaults());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> running.acknowledged() == count);
    String report = Lifecycle.register(test.system, running, Duration.ofSeconds(10)).stop().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    assertThat(report).contains("acknowledged=" + count + " in-flight=0").contains("transactions=");

    List<Long> a = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaRecords.readCommitted(kafka.bootstrapServers(), "eos-pipe-a")) {
      Event e = Event.fromJson(new String(r.value(), StandardCharsets.UTF_8));
      long n = ((Number) e.get("n")).longValue();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k" + (n % 7));
      a.add(n);
    }
    assertThat(a).hasSize(count).doesNotHaveDuplicates();
    assertThat(KafkaRecords.readCommitted(kafka.bootstrapServers(), "eos-pipe-b")).hasSize(count);
    assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "eos-pipe", "eos-pipe-in").values()
        .stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
  }

  @Test
  @Timeout(60)
  void an_exactly_once_sink_fed_by_another_source_fails_the_pipeline_naming_the_sink() throws Exception {
    String hocon = """
        sources { gen { type = generator, format = log, rate_per_s = 0, count = 1 } }
        sinks { out { type = kafka, inputs = [gen], bootstrap_servers = "%s", topic = eos-pipe-x,
                      create_topic = true, exactly_once = true } }
        """.formatted(kafka.bootstrapServers());
    RunningPipeline running = test.start(hocon, ComponentRegistry.defaults());
    assertThatThrownBy(() -> running.completion().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .hasMessageContaining("exactly_once = true").hasMessageContaining("out");
  }
}
