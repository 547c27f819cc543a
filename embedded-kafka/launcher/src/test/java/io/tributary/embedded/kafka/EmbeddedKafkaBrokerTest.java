package io.tributary.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One broker for the whole class (a start takes several seconds); the test that closes it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofSeconds(90)).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void a_started_broker_listens_on_the_loopback_address_and_logs_to_its_data_dir() {
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.port()).isPositive().isNotEqualTo(broker.controllerPort());
        assertThat(broker.logFile()).startsWith(broker.dataDir()).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void produced_records_are_read_back() {
        String topic = "orders";
        broker.createTopic(topic, 4);
        int count = 40;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                records.add(new ProducerRecord<>(topic, "key-" + (i % 8), Integer.toString(i)));
            }
            sendAll(producer, records);
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig("read-back"))) {
            assertThat(consumer.partitionsFor(topic)).hasSize(4);
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= count;
            });
        }

        assertThat(received).hasSize(count);
        assertThat(received.stream().map(ConsumerRecord::value).map(Integer::valueOf).collect(Collectors.toSet()))
                .hasSize(count);
        assertThat(received.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
        Map<String, List<Integer>> valuesPerKey = new LinkedHashMap<>();
        received.forEach(r -> valuesPerKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.valueOf(r.value())));
        valuesPerKey.values().forEach(values -> assertThat(values).isSorted()); // order per key is kept
    }

    @Test
    @Order(3)
    void creating_a_topic_that_exists_is_not_an_error() {
        broker.createTopic("twice", 2);
        broker.createTopic("twice", 2);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig("twice"))) {
            assertThat(consumer.partitionsFor("twice")).hasSize(2);
        }
    }

    @Test
    @Order(4)
    void a_second_broker_on_a_busy_port_fails_with_a_clear_error() {
        EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().port(broker.port()).build();

        assertThatThrownBy(second::start)
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("Port " + broker.port())
                .hasMessageContaining("already in use")
                .hasMessageContaining("choose another port");
        assertThat(second.isRunning()).isFalse();
        assertThat(second.process()).isEmpty();
        second.close();
    }

    @Test
    @Order(5)
    void a_broker_that_cannot_start_fails_with_the_tail_of_its_log_and_leaves_no_process() {
        Set<Long> childrenBefore = childPids();
        EmbeddedKafkaBroker bad = EmbeddedKafkaBroker.builder().brokerProperty("num.io.threads", "many").build();

        assertThatThrownBy(bad::start)
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("failed")
                .hasMessageContaining("num.io.threads"); // from the log tail
        assertThat(childPids()).isSubsetOf(childrenBefore);
        assertThat(bad.isRunning()).isFalse();
    }

    @Test
    @Order(6)
    void a_broker_that_is_not_ready_in_time_fails_and_leaves_no_process() {
        Set<Long> childrenBefore = childPids();
        EmbeddedKafkaBroker slow = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(slow::start)
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("did not become ready within PT0.3S")
                .hasMessageContaining("startupTimeout");
        assertThat(childPids()).isSubsetOf(childrenBefore);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void close_stops_the_child_process_and_deletes_the_temporary_data_dir() {
        ProcessHandle child = broker.process().orElseThrow();
        Path dataDir = broker.dataDir();
        assertThat(child.isAlive()).isTrue();

        broker.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(broker.isRunning()).isFalse();
        assertThat(dataDir).doesNotExist();
        assertThat(childPids()).doesNotContain(child.pid());
        broker.close(); // a second close does nothing
        assertThatThrownBy(() -> broker.createTopic("late", 1)).isInstanceOf(IllegalStateException.class);
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all");
    }

    private static Map<String, Object> consumerConfig(String group) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    /** Sends and waits for every acknowledgement; a record Kafka did not acknowledge fails the test. */
    private static void sendAll(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records) {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        records.forEach(r -> sent.add(producer.send(r)));
        producer.flush();
        for (var record : sent) {
            try {
                record.get();
            } catch (Exception e) {
                throw new AssertionError("a test record was not acknowledged by Kafka: " + e, e);
            }
        }
    }
}
