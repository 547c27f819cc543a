package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaRecordsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

    @Test
    void sent_records_are_read_back_up_to_the_end_offsets() {
        kafka.createTopic("records-read", 3);
        try (KafkaProducer<String, String> producer = producer(30_000)) {
            KafkaRecords.sendAll(producer, records("records-read", 300));
        }

        List<ConsumerRecord<String, String>> read = KafkaRecords.readAll(kafka.bootstrapServers(), "records-read",
                new StringDeserializer(), new StringDeserializer());

        assertThat(read).extracting(ConsumerRecord::value).hasSize(300).doesNotHaveDuplicates();
        Map<TopicPartition, Long> end = KafkaRecords.endOffsets(kafka.bootstrapServers(), "records-read");
        assertThat(end).hasSize(3);
        assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(KafkaRecords.readAll(kafka.bootstrapServers(), "records-read")).hasSize(300);
    }

    @Test
    void a_missing_topic_reads_as_empty_and_has_no_end_offsets() {
        assertThat(KafkaRecords.readAll(kafka.bootstrapServers(), "records-missing")).isEmpty();
        assertThatThrownBy(() -> KafkaRecords.endOffsets(kafka.bootstrapServers(), "records-missing"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("records-missing does not exist");
    }

    @Test
    void awaiting_records_waits_for_a_topic_written_later() throws Exception {
        CompletableFuture<List<ConsumerRecord<String, String>>> awaited = CompletableFuture.supplyAsync(
                () -> KafkaRecords.awaitRecords(kafka.bootstrapServers(), "records-later", 50, Duration.ofSeconds(60),
                        new StringDeserializer(), new StringDeserializer()));
        kafka.createTopic("records-later", 2);
        try (KafkaProducer<String, String> producer = producer(30_000)) {
            KafkaRecords.sendAll(producer, records("records-later", 50));
        }

        assertThat(awaited.get(90, TimeUnit.SECONDS)).hasSize(50);
    }

    @Test
    void a_record_kafka_does_not_acknowledge_fails_the_send_naming_its_topic() {
        try (KafkaProducer<String, String> producer = producer(1_500)) {
            assertThatThrownBy(() -> KafkaRecords.sendAll(producer, records("records-nowhere", 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a test record was not acknowledged by Kafka: records-nowhere");
        }
    }

    @Test
    void committed_offsets_are_those_of_the_group_on_the_topic_and_absent_where_it_committed_nothing() {
        kafka.createTopic("records-committed", 2);
        try (KafkaProducer<String, String> producer = producer(30_000)) {
            KafkaRecords.sendAll(producer, List.of(new ProducerRecord<>("records-committed", 0, "k", "v")));
        }
        TopicPartition p0 = new TopicPartition("records-committed", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "records-group"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(1)));
        }

        assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "records-group", "records-committed"))
                .isEqualTo(Map.of(p0, 1L));
        assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "records-group", "other")).isEmpty();
    }

    private static List<ProducerRecord<String, String>> records(String topic, int n) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new ProducerRecord<>(topic, "k" + (i % 7), "v" + i));
        }
        return records;
    }

    private static KafkaProducer<String, String> producer(int maxBlockMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }
}
