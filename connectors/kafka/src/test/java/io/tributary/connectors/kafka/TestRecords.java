package io.tributary.connectors.kafka;

import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test data: the CLI's record format, produced with a plain Kafka producer (reading back: {@link KafkaRecords}). */
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
      KafkaRecords.sendAll(producer, records);
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
}
