package io.tributary.bench.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fills a topic with keyed records once, fast, and reads back where each partition ends. */
final class TopicLoader {

  /** What a load produced. */
  record Loaded(String topic, long records, long nanos, Map<TopicPartition, Long> endOffsets) {

    double rate() {
      return records * 1e9 / nanos;
    }

    String describe() {
      Map<Integer, Long> perPartition = new TreeMap<>();
      endOffsets.forEach((tp, end) -> perPartition.put(tp.partition(), end));
      return String.format(Locale.ROOT, "produced %,d records to %s in %,.0f ms = %,.0f records/s; "
          + "records per partition %s", records, topic, nanos / 1e6, rate(), perPartition);
    }
  }

  private TopicLoader() {}

  /**
   * Sends {@code records} records of {@code valueBytes} bytes, record i with key {@code key-<i mod keys>}
   * (Kafka's default partitioner then puts every key in one partition), with a producer tuned for
   * throughput (linger 20 ms, 256 KB batches), and checks that the topic then ends where it should.
   */
  static Loaded load(String bootstrapServers, String topic, int partitions, long records, int keys, int valueBytes)
      throws Exception {
    byte[][] keyBytes = new byte[keys][];
    for (int k = 0; k < keys; k++) {
      keyBytes[k] = String.format(Locale.ROOT, "key-%04d", k).getBytes(StandardCharsets.UTF_8);
    }
    Random random = new Random(42);
    byte[][] values = new byte[256][];
    for (int v = 0; v < values.length; v++) {
      values[v] = new byte[valueBytes];
      random.nextBytes(values[v]);
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-loader-" + topic);
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    long started = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records && failure.get() == null; i++) {
        producer.send(new ProducerRecord<>(topic, keyBytes[(int) (i % keys)], values[(int) (i & 255)]),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              } else {
                acked.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    long nanos = System.nanoTime() - started;
    if (failure.get() != null) {
      throw new IllegalStateException("producing to " + topic + " failed after " + acked.get() + " records",
          failure.get());
    }
    Map<TopicPartition, Long> ends = endOffsets(bootstrapServers, topic, partitions);
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    if (total != records) {
      throw new IllegalStateException("topic " + topic + " holds " + total + " records after producing "
          + records + " (was it created fresh?)");
    }
    return new Loaded(topic, records, nanos, ends);
  }

  /** @return the end offset (next offset to be written) of every partition of the topic */
  static Map<TopicPartition, Long> endOffsets(String bootstrapServers, String topic, int partitions)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info =
          admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> ends = new HashMap<>();
      info.forEach((tp, i) -> ends.put(tp, i.offset()));
      return ends;
    }
  }
}
