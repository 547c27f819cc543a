package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaTopics;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka sink against a real broker: order, and failing when Kafka rejects a record. */
class KafkaSinkTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("kafka-sink-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, int i) {
    return new ProducerRecord<>(topic, TestRecords.bytes("k" + (i % 7)), TestRecords.bytes(Integer.toString(i)));
  }

  static Throwable failureOf(CompletableFuture<?> run) {
    try {
      run.get(60, TimeUnit.SECONDS);
      throw new AssertionError("the sink should have failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the sink neither completed nor failed within 60 s", e);
    }
  }

  @Test
  void flow_emits_every_element_with_its_metadata_in_input_order() throws Exception {
    String topic = "sink-order";
    kafka.createTopic(topic, 3);
    List<Pair<Integer, RecordMetadata>> out = Source.range(0, 1999)
        .via(KafkaSink.<Integer>flow(KafkaSink.producerSettings(system, kafka.bootstrapServers()),
            i -> record(topic, i)))
        .runWith(Sink.seq(), system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(out).extracting(Pair::first).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 2000).boxed().toList());
    assertThat(out).allSatisfy(p -> assertThat(p.second().topic()).isEqualTo(topic));
    List<ConsumerRecord<byte[], byte[]>> read = KafkaRecords.awaitRecords(kafka.bootstrapServers(), topic, 2000);
    assertThat(read).hasSize(2000);
  }

  @Test
  void a_record_the_broker_rejects_fails_the_sink_naming_its_partition_and_nothing_after_it_is_emitted()
      throws Exception {
    String topic = "sink-rejected";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      KafkaTopics.ensure(admin, new NewTopic(topic, Optional.of(1), Optional.empty())
          .configs(Map.of("max.message.bytes", "2048")), Duration.ofSeconds(30));
    }
    List<Integer> emitted = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    CompletableFuture<?> run = Source.range(0, 9)
        .via(KafkaSink.<Integer>flow(KafkaSink.producerSettings(system, kafka.bootstrapServers())
            .withProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000")
            .withProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000"), i ->
            new ProducerRecord<>(topic, TestRecords.bytes("k"), new byte[i == 5 ? 8192 : 10])))
        .runWith(Sink.foreach(p -> emitted.add(p.first())), system).toCompletableFuture();

    Throwable failure = failureOf(run);
    // Kafka's producer splits and resends a rejected batch of several records, 40,000 times a minute here,
    // until delivery.timeout.ms expires it; a batch of the big record alone fails with RecordTooLargeException
    assertThat(failure).isInstanceOf(KafkaDeliveryException.class)
        .hasMessageMatching("a record to sink-rejected-0 was not acknowledged by Kafka at 127\\.0\\.0\\.1:\\d+: "
            + "(RecordTooLargeException|TimeoutException: Expiring \\d+ record\\(s\\) for sink-rejected-0).*")
        .hasCauseInstanceOf(KafkaException.class);
    assertThat(((KafkaDeliveryException) failure).partition()).hasValue(0);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(emitted).allSatisfy(i -> assertThat(i).isLessThan(5));
  }
}
