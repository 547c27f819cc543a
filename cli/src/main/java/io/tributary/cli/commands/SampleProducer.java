package io.tributary.cli.commands;

import io.tributary.connectors.kafka.KafkaDeliveryException;
import io.tributary.connectors.kafka.KafkaSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

  /**
   * Sends the records, stopping at the first failure, then waits for every answer: at most {@code timeout} (the
   * producer's {@code delivery.timeout.ms}) plus {@link KafkaSink#WATCHDOG_SLACK}, so even a producer that breaks
   * its own bound cannot hang the run. A failure names the record's topic-partition and the cause.
   */
  public static Outcome produce(String bootstrapServers, String topic, long count, int keys, Duration timeout) {
    return produce(bootstrapServers, topic, count, keys, timeout, Map.of());
  }

  /** As {@link #produce(String, String, long, int, Duration)}, with a Kafka client config's properties added. */
  public static Outcome produce(String bootstrapServers, String topic, long count, int keys, Duration timeout,
      Map<String, String> clientProperties) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    AtomicLong acked = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    Semaphore answers = new Semaphore(0);
    Callback callback = (metadata, exception) -> {
      if (exception == null) {
        acked.incrementAndGet();
      } else if (firstError.compareAndSet(null, KafkaDeliveryException.failed(topic,
          metadata == null ? -1 : metadata.partition(), bootstrapServers, exception))) {
        log.warn("A record to {} was not acknowledged: {}", topic, firstError.get().getMessage());
      }
      answers.release();
    };
    KafkaProducer<String, String> producer;
    try {
      Map<String, Object> config = producerConfig(bootstrapServers, timeoutMs);
      config.putAll(clientProperties);
      producer = new KafkaProducer<>(config);
    } catch (KafkaException e) {
      throw new CommandFailedException("Could not create a Kafka producer for " + bootstrapServers + ": "
          + Topics.rootMessage(e), e);
    }
    long sent = 0;
    try {
      // a record that fails (e.g. no metadata within max.block.ms) ends the run: later ones would wait as long
      for (long i = 0; i < count && firstError.get() == null; i++) {
        producer.send(new ProducerRecord<>(topic, SampleRecords.key(i, keys), SampleRecords.value(i, keys)),
            callback);
        sent++;
      }
      awaitAnswers(answers, sent, timeout.plus(KafkaSink.WATCHDOG_SLACK), topic, bootstrapServers, firstError);
    } catch (KafkaException e) {
      firstError.compareAndSet(null, e);
    } finally {
      producer.close(Duration.ofMillis(firstError.get() == null ? timeoutMs : 0));
    }
    return new Outcome(acked.get(), firstError.get());
  }

  /** Waits for an answer to each of {@code sent} records; records the watchdog's failure when they stop coming. */
  private static void awaitAnswers(Semaphore answers, long sent, Duration watchdog, String topic,
      String bootstrapServers, AtomicReference<Throwable> firstError) {
    long answered = 0;
    try {
      for (; answered < sent; answered++) {
        // the watchdog restarts with each answer: it catches a producer that stopped, not a slow one
        if (!answers.tryAcquire(watchdog.toMillis(), TimeUnit.MILLISECONDS)) {
          firstError.compareAndSet(null, new KafkaDeliveryException(topic, -1, (sent - answered) + " record(s) to "
              + "topic " + topic + " had no answer from Kafka at " + bootstrapServers + " for " + watchdog.toMillis()
              + " ms, past the producer's delivery timeout: the producer neither delivered nor failed them; see its "
              + "WARN lines for the partition and the broker's error", null));
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      firstError.compareAndSet(null, e);
    }
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
