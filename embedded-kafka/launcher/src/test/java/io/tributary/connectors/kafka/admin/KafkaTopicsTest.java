package io.tributary.connectors.kafka.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Topics are ready to take records when {@link KafkaTopics} returns, against a real broker (here,
 * beside the embedded broker that builds on it: the testkit would make a cycle).
 */
class KafkaTopicsTest {

  private static EmbeddedKafkaBroker kafka;
  private static Admin admin;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafkaBroker.builder().build().start();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    admin.close();
    kafka.close();
  }

  @Test
  void every_partition_takes_a_record_at_the_first_attempt_once_ensure_returns() throws Exception {
    // No retries: a first produce request that meets a partition its broker does not serve yet fails with
    // NOT_LEADER_OR_FOLLOWER instead of being retried (the window behind KAFKA-14359's retry loop). Waiting
    // only for leaders in the metadata, as before, left 36-42 % of these first requests failing here.
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.RETRIES_CONFIG, 0,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int t = 0; t < 10; t++) {
        String topic = "ready-" + t;
        assertThat(KafkaTopics.ensure(admin, topic, 8, Duration.ofSeconds(30))).isTrue();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
          sent.add(producer.send(new ProducerRecord<>(topic, p, null, new byte[] {1})));
        }
        for (int p = 0; p < 8; p++) {
          assertThat(sent.get(p).get(30, TimeUnit.SECONDS).partition()).as("%s-%d", topic, p).isEqualTo(p);
        }
      }
    }
  }

  @Test
  void an_existing_topic_is_kept_as_it_is() {
    assertThat(KafkaTopics.ensure(admin, "kept", 3, Duration.ofSeconds(30))).isTrue();
    assertThat(KafkaTopics.ensure(admin, "kept", 5, Duration.ofSeconds(30))).isFalse();
    KafkaTopics.awaitServed(admin, "kept", Duration.ofSeconds(30));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThat(producer.partitionsFor("kept")).hasSize(3);
    }
  }

  @Test
  void waiting_for_a_missing_topic_fails_in_time_and_says_what_it_waited_for() {
    // the wait always runs out here: 2 s leave room for many describe attempts (each answered in milliseconds)
    assertThatThrownBy(() -> KafkaTopics.awaitServed(admin, "never-created", Duration.ofSeconds(2)))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessageContaining("topic 'never-created' was not ready to take records within PT2S")
        .hasMessageContaining("still waiting for its description")
        .hasMessageContaining("UnknownTopicOrPartitionException");
  }

  @Test
  void creating_a_topic_on_an_address_where_no_broker_answers_fails_as_unreachable() {
    try (Admin nowhere = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))) {
      assertThatThrownBy(() -> KafkaTopics.ensure(nowhere, "t", 1, Duration.ofSeconds(2)))
          .isInstanceOf(KafkaUnreachableException.class)
          .hasMessageContaining("no Kafka broker answered within PT2S while creating topic 't'");
    }
  }
}
