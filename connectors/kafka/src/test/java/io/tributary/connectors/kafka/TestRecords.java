package io.tributary.connectors.kafka;

import io.tributary.testkit.KafkaRecords;
import io.tributary.testkit.TestEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test data: {@link TestEvent}s keyed like the CLI's records, produced with a plain Kafka producer. */
public final class TestRecords {
  private TestRecords() {}

  static void produce(String bootstrap, String topic, int count, int keys) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new ProducerRecord<>(topic, bytes("k" + (i % keys)), TestEvent.jsonBytes(i, keys)));
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
