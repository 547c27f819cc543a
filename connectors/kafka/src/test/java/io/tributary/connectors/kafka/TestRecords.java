package io.tributary.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test data: the CLI's record format, produced and read back with plain Kafka clients. */
public final class TestRecords {
  private TestRecords() {}

  /** The payload of the CLI's records: {"id":..,"key":"k..","seq":..}. */
  record Event(long id, String key, long seq) {}

  static String json(long id, int keys) {
    long k = id % keys;
    return "{\"id\":" + id + ",\"key\":\"k" + k + "\",\"seq\":" + (id / keys) + "}";
  }

  static void produce(String bootstrap, String topic, int count, int keys) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new ProducerRecord<>(topic, bytes("k" + (i % keys)), bytes(json(i, keys))));
    }
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      sendAll(producer, records);
    }
  }

  /**
   * Sends the records and waits for every acknowledgement; throws, naming the first failure's
   * topic-partition, when one was not acknowledged: a test's input is never lost silently.
   */
  public static <K, V> void sendAll(Producer<K, V> producer, List<ProducerRecord<K, V>> records) {
    AtomicReference<String> failure = new AtomicReference<>();
    for (ProducerRecord<K, V> record : records) {
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          failure.compareAndSet(null, metadata.topic() + "-" + metadata.partition() + ": " + error);
        }
      });
    }
    producer.flush(); // every record is answered by now (delivery.timeout.ms at most)
    if (failure.get() != null) {
      throw new IllegalStateException("a test record was not acknowledged by Kafka: " + failure.get());
    }
  }

  static void produceRaw(String bootstrap, String topic, String key, String value) {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      producer.send(new ProducerRecord<>(topic, bytes(key), bytes(value))).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads every record of a topic from the beginning, polling until {@code expected} arrived. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** The committed offsets of a group, via a throwaway consumer. */
  static Map<TopicPartition, Long> committed(String bootstrap, String group, String topic, int partitions) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      java.util.Set<TopicPartition> tps = new java.util.HashSet<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      Map<TopicPartition, Long> result = new java.util.HashMap<>();
      consumer.committed(tps, Duration.ofSeconds(10)).forEach((tp, om) -> result.put(tp, om == null ? -1 : om.offset()));
      return result;
    }
  }
}
