package io.tributary.bench.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces keyed records at a fixed rate, each value stamped with the {@link System#nanoTime()} of
 * its slot (the time it was due, not the time it was sent: a late send counts in the latency, so
 * the producer's own hiccups are not hidden) and a flag saying whether it is measured. Sleeps
 * between slots and sends what fell due; Kafka's producer defaults ({@code linger.ms=0} on 3.9).
 */
final class PacedProducer implements AutoCloseable {

  /** Offset of the stamp in a value. */
  static final int STAMP = 0;
  /** Offset of the measured flag (1 = measured) in a value. */
  static final int FLAG = 8;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final long intervalNanos;
  private final byte[][] keys;
  private final int valueBytes;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long sent;
  private long nextSlot;
  private final Histogram late = new Histogram(3);

  PacedProducer(String bootstrapServers, String topic, int ratePerSecond, int keyCount, int valueBytes) {
    if (valueBytes < FLAG + 1) {
      throw new IllegalArgumentException("values need at least " + (FLAG + 1) + " bytes, got " + valueBytes);
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-paced-" + topic);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.intervalNanos = 1_000_000_000L / ratePerSecond;
    this.valueBytes = valueBytes;
    this.keys = new byte[keyCount][];
    for (int k = 0; k < keyCount; k++) {
      keys[k] = String.format(Locale.ROOT, "key-%04d", k).getBytes(StandardCharsets.UTF_8);
    }
    this.nextSlot = System.nanoTime();
  }

  /** @return the stamp (slot time) of a value written by this producer */
  static long stamp(byte[] value) {
    return ByteBuffer.wrap(value).getLong(STAMP);
  }

  /** @return whether a value written by this producer is measured */
  static boolean measured(byte[] value) {
    return value[FLAG] == 1;
  }

  /**
   * Sends unmeasured records at the rate until {@code until} holds.
   *
   * @throws TimeoutException when it does not within {@code timeoutNanos}
   */
  void sendUntil(BooleanSupplier until, long timeoutNanos, String what) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!until.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException(what + " did not happen within " + timeoutNanos / 1_000_000_000L + " s");
      }
      sendDue(false, Long.MAX_VALUE);
    }
  }

  /**
   * @return how late this producer handed each measured record to Kafka after its slot (it was busy
   *     or not scheduled), in nanoseconds: the part of the latencies that is this JVM's and machine's,
   *     not the contender's
   */
  Histogram late() {
    return late;
  }

  /** @return records handed to the producer so far */
  long sent() {
    return sent;
  }

  /** Sends {@code count} records at the rate, measured or not; returns when the last was handed to the producer. */
  void send(long count, boolean measured) throws Exception {
    long target = sent + count;
    while (sent < target) {
      sendDue(measured, target);
    }
  }

  private void sendDue(boolean measured, long limit) throws Exception {
    long now = System.nanoTime();
    while (nextSlot - now <= 0 && sent < limit) {
      if (measured) {
        late.recordValue(now - nextSlot);
      }
      ByteBuffer value = ByteBuffer.allocate(valueBytes);
      value.putLong(STAMP, nextSlot);
      value.put(FLAG, (byte) (measured ? 1 : 0));
      producer.send(new ProducerRecord<>(topic, keys[(int) (sent % keys.length)], value.array()), (m, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
      });
      sent++;
      nextSlot += intervalNanos;
    }
    if (failure.get() != null) {
      throw new IllegalStateException("producing to " + topic + " failed", failure.get());
    }
    long wait = nextSlot - System.nanoTime();
    if (wait > 0 && sent < limit) {
      LockSupport.parkNanos(wait);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
