package io.tributary.bench.kafka;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Confluent Parallel Consumer as the bench runs it, the library a user picks for per-key parallel
 * consumption on the JVM: {@code ParallelStreamProcessor} over a {@code KafkaConsumer} with Kafka's
 * defaults (group, {@code auto.offset.reset=earliest}, {@code enable.auto.commit=false}), the given
 * {@code ProcessingOrder}, {@code maxConcurrency} equal to Tributary's parallelism, commit mode
 * {@code PERIODIC_CONSUMER_ASYNCHRONOUS} every second (Tributary's commit interval; PC's default is
 * 5 s).
 */
final class ParallelConsumers {

  /** PC's commit interval in the bench: Tributary's default. */
  static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  private ParallelConsumers() {}

  /**
   * @return a processor, not yet subscribed; the caller closes it
   */
  static ParallelStreamProcessor<byte[], byte[]> create(String bootstrapServers, String groupId,
      ProcessingOrder order, int maxConcurrency) {
    return create(bootstrapServers, groupId, order, maxConcurrency, 1);
  }

  /**
   * @param batchSize records per handler call ({@code ParallelConsumerOptions.batchSize}; 1 = one record)
   * @return a processor, not yet subscribed; the caller closes it
   */
  static ParallelStreamProcessor<byte[], byte[]> create(String bootstrapServers, String groupId,
      ProcessingOrder order, int maxConcurrency, int batchSize) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    ParallelConsumerOptions<byte[], byte[]> options = ParallelConsumerOptions.<byte[], byte[]>builder()
        .consumer(consumer)
        .ordering(order)
        .maxConcurrency(maxConcurrency)
        .batchSize(batchSize)
        .commitMode(CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
        .commitInterval(COMMIT_INTERVAL)
        // With kafka-clients 3.9 PC's start-up check of enable.auto.commit fails by reflection; it is set above.
        .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(true)
        .build();
    return ParallelStreamProcessor.createEosStreamProcessor(options);
  }
}
