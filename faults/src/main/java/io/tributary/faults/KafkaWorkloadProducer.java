package io.tributary.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The workload on Kafka: an idempotent producer with {@code acks=all}, so its own retries through a broker restart
 * neither duplicate nor reorder; {@code delivery.timeout.ms} of 2 minutes outlasts any fault of the suite.
 */
final class KafkaWorkloadProducer implements WorkloadProducer {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  KafkaWorkloadProducer(String bootstrapServers, String topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 2,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
        ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500),
        new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void send(long id, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
      if (error != null) {
        failures.add(id + ": " + error);
      }
    });
  }

  @Override
  public void flush() {
    producer.flush();
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " event(s) were not stored by Kafka, e.g. "
          + failures.peek());
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
