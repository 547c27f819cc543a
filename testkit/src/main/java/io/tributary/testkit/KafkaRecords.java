package io.tributary.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Test input and output on a real Kafka broker with the plain clients: sending records so that none is lost
 * silently, reading a topic back without a consumer group, and the offsets a group committed.
 *
 * <pre>{@code
 * KafkaRecords.sendAll(producer, records);                       // throws when one was not acknowledged
 * List<ConsumerRecord<byte[], byte[]>> out = KafkaRecords.readAll(kafka.bootstrapServers(), "orders-out");
 * assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "billing", "orders"))
 *         .isEqualTo(KafkaRecords.endOffsets(kafka.bootstrapServers(), "orders"));
 * }</pre>
 *
 * <p>Readers assign the topic's partitions (no group join, no commits), so they can run while the code under test
 * consumes the same topic.
 */
public final class KafkaRecords {

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private KafkaRecords() {}

    /**
     * Sends the records and waits for every acknowledgement.
     *
     * @param producer an open producer (not closed here)
     * @param records the records, sent in this order
     * @param <K> the key type
     * @param <V> the value type
     * @throws IllegalStateException naming the first failure's topic-partition when a record was not acknowledged:
     *     a test's input is never lost silently
     */
    public static <K, V> void sendAll(Producer<K, V> producer, List<ProducerRecord<K, V>> records) {
        AtomicReference<String> failure = new AtomicReference<>();
        for (ProducerRecord<K, V> record : records) {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    String where = metadata == null ? record.topic() : metadata.topic() + "-" + metadata.partition();
                    failure.compareAndSet(null, where + ": " + error);
                }
            });
        }
        producer.flush(); // every record is answered by now (delivery.timeout.ms at most)
        if (failure.get() != null) {
            throw new IllegalStateException("a test record was not acknowledged by Kafka: " + failure.get());
        }
    }

    /**
     * Reads every record a topic holds now, as bytes: from the beginning of each partition up to its end offset at
     * the time of the call.
     *
     * @param bootstrapServers the broker
     * @param topic the topic
     * @return the records, partition by partition in offset order within each; empty when the topic does not exist
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads every record a topic holds now: from the beginning of each partition up to its end offset at the time
     * of the call (polling for at most 30 s).
     *
     * @param bootstrapServers the broker
     * @param topic the topic
     * @param keys the key deserializer
     * @param values the value deserializer
     * @param <K> the key type
     * @param <V> the value type
     * @return the records read, in offset order within each partition; empty when the topic does not exist
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrapServers, String topic,
            Deserializer<K> keys, Deserializer<V> values) {
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(readerConfig(bootstrapServers), keys, values)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Reads every record of a topic that committed transactions (or non-transactional producers) made visible: with
     * {@code isolation.level=read_committed}, from the beginning of each partition up to its last stable offset at
     * the time of the call (polling for at most 30 s). Aborted records and those of open transactions are not read.
     *
     * @param bootstrapServers the broker
     * @param topic the topic
     * @return the records read, in offset order within each partition; empty when the topic does not exist
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrapServers, String topic) {
        Map<String, Object> config = new java.util.HashMap<>(readerConfig(bootstrapServers));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT); // the LSO here
            long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Reads a topic as bytes from the beginning until at least {@code expected} records arrived or 30 s passed,
     * waiting for the topic to exist: for output the code under test is still writing.
     *
     * @param bootstrapServers the broker
     * @param topic the topic
     * @param expected how many records to wait for
     * @return the records read, possibly fewer than expected (or more) when the time ran out: assert the count
     */
    public static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String bootstrapServers, String topic,
            int expected) {
        return awaitRecords(bootstrapServers, topic, expected, METADATA_TIMEOUT, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Reads a topic from the beginning until at least {@code expected} records arrived or {@code timeout} passed,
     * waiting for the topic to exist: for output the code under test is still writing.
     *
     * @param bootstrapServers the broker
     * @param topic the topic
     * @param expected how many records to wait for
     * @param timeout how long to wait in all
     * @param keys the key deserializer
     * @param values the value deserializer
     * @param <K> the key type
     * @param <V> the value type
     * @return the records read, possibly fewer than expected (or more) when the time ran out: assert the count
     */
    public static <K, V> List<ConsumerRecord<K, V>> awaitRecords(String bootstrapServers, String topic, int expected,
            Duration timeout, Deserializer<K> keys, Deserializer<V> values) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(readerConfig(bootstrapServers), keys, values)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                pause(); // the poll interval while the topic does not exist yet
                partitions = partitions(consumer, topic);
            }
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Returns the end offset of each partition of a topic: the offset the next record will get.
     *
     * @param bootstrapServers the broker
     * @param topic an existing topic
     * @return every partition's end offset
     * @throws IllegalStateException when the topic does not exist
     */
    public static Map<TopicPartition, Long> endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readerConfig(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers);
            }
            return new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
        }
    }

    /**
     * Returns the offsets a consumer group committed on a topic's partitions.
     *
     * @param bootstrapServers the broker
     * @param group the consumer group
     * @param topic the topic
     * @return the committed offset (the next to consume) of each partition with a commit; partitions without one
     *     are absent
     */
    public static Map<TopicPartition, Long> committedOffsets(String bootstrapServers, String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(METADATA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topic)) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the offsets of group " + group, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list the offsets of group " + group + " on " + bootstrapServers
                    + ": " + e, e);
        }
    }

    private static Map<String, Object> readerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic", e);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.listTopics(METADATA_TIMEOUT).get(topic);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
