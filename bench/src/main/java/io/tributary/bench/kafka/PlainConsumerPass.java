package io.tributary.bench.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One pass of a plain {@link KafkaConsumer} poll loop with Kafka's defaults (only the group and
 * {@code auto.offset.reset=earliest} set, so a fresh group reads the topic from the start), counting
 * records until all are seen. Timed from the poll that returned the first record to the last
 * record. The anchor of the {@code kafka} suite.
 */
final class PlainConsumerPass {

  private PlainConsumerPass() {}

  static Measurement run(String bootstrapServers, String groupId, String topic, long expected, Duration timeout,
      Map<String, String> extraProperties) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putAll(extraProperties);
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    long count = 0;
    long bytes = 0;
    long first = 0;
    long polls = 0;
    long end;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (count < expected) {
        if (System.nanoTime() - deadline > 0) {
          throw new TimeoutException("the plain consumer saw " + count + " of " + expected + " records of "
              + topic + " within " + timeout.toSeconds() + " s");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        if (first == 0) {
          first = System.nanoTime();
        }
        polls++;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          count++;
          bytes += record.value().length;
        }
      }
      end = System.nanoTime();
    }
    return new Measurement(count, end - first, String.format(Locale.ROOT,
        "first record %,.0f ms after start, %,d polls of %,.0f records on average, %,d payload bytes",
        (first - started) / 1e6, polls, (double) count / polls, bytes));
  }
}
