package io.tributary.samples.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the samples' records (key {@code k<i mod K>}, JSON {@code {"id":..,"key":..,"seq":..}})
 * with an idempotent, {@code acks=all} producer and waits for every acknowledgement: what {@code
 * produce} and {@code demo} use.
 */
public final class SampleProducer {

  private static final Logger log = LoggerFactory.getLogger(SampleProducer.class);
  private static final int LINGER_MS = 10;
  private static final int BATCH_SIZE = 128 * 1024;

  private SampleProducer() {}

  /** How a run ended: the records acknowledged, and the first failure if any. */
  public record Outcome(long acked, Throwable firstError) {
  }

  /** Sends the records, stopping at the first failure, then waits for every acknowledgement. */
  public static Outcome produce(String bootstrapServers, String topic, long count, int keys, Duration timeout) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    AtomicLong acked = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    Callback callback = (metadata, exception) -> {
      if (exception == null) {
        acked.incrementAndGet();
      } else if (firstError.compareAndSet(null, exception)) {
        log.warn("A record to {} was not acknowledged: {}", topic, exception.toString());
      }
    };
    KafkaProducer<String, String> producer;
    try {
      producer = new KafkaProducer<>(producerConfig(bootstrapServers, timeoutMs));
    } catch (KafkaException e) {
      throw new CommandFailedException("Could not create a Kafka producer for " + bootstrapServers + ": "
          + Topics.rootMessage(e), e);
    }
    try {
      // a record that fails (e.g. no metadata within max.block.ms) ends the run: later ones would wait as long
      for (long i = 0; i < count && firstError.get() == null; i++) {
        producer.send(new ProducerRecord<>(topic, SampleRecords.key(i, keys), SampleRecords.value(i, keys)),
            callback);
      }
      producer.flush(); // returns once every record is acknowledged or failed (delivery.timeout.ms at most)
    } catch (KafkaException e) {
      firstError.compareAndSet(null, e);
    } finally {
      producer.close(Duration.ofMillis(timeoutMs));
    }
    return new Outcome(acked.get(), firstError.get());
  }

  private static Map<String, Object> producerConfig(String bootstrapServers, int timeoutMs) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-produce");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // lz4 halved the throughput on localhost
    // bounded waits: metadata (and buffer space) in send(), each request, each record's delivery in all
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    return config;
  }

}
