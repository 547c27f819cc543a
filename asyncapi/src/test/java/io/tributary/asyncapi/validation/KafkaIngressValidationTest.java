package io.tributary.asyncapi.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.codec.SchemaViolation;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ingress validation end to end on a real broker: the Kafka runner with a {@link ValidatingDecoder}
 * hands valid payloads to the handler, dead-letters invalid ones with their violations, loses nothing
 * and commits every offset.
 */
class KafkaIngressValidationTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;

  /** The payload: every component required, {@code note} optional. */
  record Order(long id, String customer, @JsonProperty("unit_price") double unitPrice, int qty,
      Optional<String> note) {}

  @BeforeAll
  static void start() {
    system = ActorSystem.create("ingress-validation-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static String valid(long id) {
    return "{\"id\":" + id + ",\"customer\":\"c" + id % 7 + "\",\"unit_price\":2.5,\"qty\":" + (1 + id % 5)
        + (id % 3 == 0 ? ",\"note\":\"gift\"" : "") + "}";
  }

  /**
   * Invalid payloads, most of which plain Jackson would accept (a missing field becomes null or 0, "3"
   * becomes 3, an unknown field is ignored by a lenient mapper), with the pointer each must be reported at.
   */
  private static final List<String[]> INVALID = List.of(
      new String[] {"{\"id\":9001,\"unit_price\":2.5,\"qty\":1}", ""},
      new String[] {"{\"id\":9002,\"customer\":\"c\",\"unit_price\":2.5,\"qty\":\"3\"}", "/qty"},
      new String[] {"{\"id\":9003,\"customer\":null,\"unit_price\":2.5,\"qty\":1}", "/customer"},
      new String[] {"{\"id\":9004,\"customer\":\"c\",\"unit_price\":2.5,\"qty\":1,\"coupon\":\"X\"}", ""},
      new String[] {"{\"id\":9005,\"customer\":\"c\",\"unitPrice\":2.5,\"qty\":1}", ""},
      new String[] {"{\"id\":9006,\"customer\":\"c\",\"unit_price\":2.5,\"qty\":1,\"note\":42}", "/note"},
      new String[] {"this is not json", null},
      new String[] {"{\"id\":9008,\"customer\":\"c\",\"unit_price\":2.5,\"qty\":1} trailing", null});

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void valid_payloads_reach_the_handler_invalid_ones_are_dead_lettered_with_their_violations() throws Exception {
    String topic = "validated-orders";
    kafka.createTopic(topic, 3);
    int validCount = 300;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    int nextInvalid = 0;
    for (int i = 0; i < validCount; i++) {
      records.add(new ProducerRecord<>(topic, bytes("k" + i % 10), bytes(valid(i))));
      if (i % 37 == 36 && nextInvalid < INVALID.size()) {
        records.add(new ProducerRecord<>(topic, bytes("bad" + nextInvalid), bytes(INVALID.get(nextInvalid++)[0])));
      }
    }
    while (nextInvalid < INVALID.size()) {
      records.add(new ProducerRecord<>(topic, bytes("bad" + nextInvalid), bytes(INVALID.get(nextInvalid++)[0])));
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      KafkaRecords.sendAll(producer, records);
    }
    int total = records.size();

    Map<Long, Integer> handled = new ConcurrentHashMap<>();
    List<String> seenInvalid = new java.util.concurrent.CopyOnWriteArrayList<>();
    PayloadDecoder<Order> decoder = ValidatingDecoder.of(Order.class);
    KafkaSourceSettings<Order> settings = KafkaSourceSettings.create(kafka.bootstrapServers(), "g-validated",
        List.of(topic), decoder).withCommitInterval(Duration.ofMillis(200));
    KafkaRunner<Order> runner = KafkaRunner.start(system, settings,
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(8), envelope -> {
          Order order = envelope.payload();
          if (order.customer() == null || order.qty() < 1 || order.id() >= 9000) {
            seenInvalid.add(String.valueOf(order));
          }
          handled.merge(order.id(), 1, Integer::sum);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> runner.control().acknowledged() >= total);
    } finally {
      runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }

    assertThat(seenInvalid).as("invalid payloads seen by the handler").isEmpty();
    assertThat(handled).hasSize(validCount);
    assertThat(handled.values()).as("each valid payload handled once").containsOnly(1);
    Map<TopicPartition, Long> end = KafkaRecords.endOffsets(kafka.bootstrapServers(), topic);
    assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(runner.control().committedOffsets()).isEqualTo(end);
    assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "g-validated", topic)).isEqualTo(end);

    List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.awaitRecords(kafka.bootstrapServers(), topic + ".dlq",
        INVALID.size());
    assertThat(dead).hasSize(INVALID.size());
    Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
    dead.forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
    for (int i = 0; i < INVALID.size(); i++) {
      ConsumerRecord<byte[], byte[]> r = byKey.get("bad" + i);
      String payload = INVALID.get(i)[0];
      String pointer = INVALID.get(i)[1];
      assertThat(r).as("dead letter of %s", payload).isNotNull();
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(payload);
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("decode");
      assertThat(header(r, DeadLetterHeaders.ORIGINAL_SOURCE)).isEqualTo(topic);
      String errors = header(r, DeadLetterHeaders.VALIDATION_ERRORS);
      if (pointer == null) { // not JSON at all: a decode error without violations
        assertThat(errors).as("violations of %s", payload).isNull();
        assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).startsWith("payload is not JSON: ");
      } else {
        List<SchemaViolation> violations = SchemaViolation.fromJson(errors);
        assertThat(violations).as("violations of %s", payload).isNotEmpty()
            .extracting(SchemaViolation::pointer).contains(pointer);
        assertThat(header(r, DeadLetterHeaders.ERROR_CLASS))
            .isEqualTo(io.tributary.streams.codec.PayloadValidationException.class.getName());
        assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE))
            .startsWith("payload does not match the schema of Order: ");
      }
    }
  }
}
