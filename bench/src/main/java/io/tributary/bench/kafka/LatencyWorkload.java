package io.tributary.bench.kafka;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency at a fixed rate (issue 17, workload d), and the heap a running contender keeps
 * (workload e): for each contender in turn, a fresh 4-partition topic, the contender started on it
 * with a fresh group, then a {@link PacedProducer} in this JVM sends at the rate: unmeasured records
 * until the contender handled one (its group join), until it caught up with them (at most 10 ms of
 * records behind) and for a lead-in after that, then the measured records. Latency = from each measured record's slot (when it was due to be produced) to the
 * completion of its no-op handler. When every measured record was handled, with the contender still
 * running, a full GC and the heap used after it.
 */
final class LatencyWorkload {

  /** What one contender gave. */
  record Result(String name, Histogram latencies, double heapMegabytes, double baselineHeapMegabytes,
      double producerLateMillis) {

    /** @return the heap the running contender added: used after GC with it running minus before it started */
    double heapAddedMegabytes() {
      return heapMegabytes - baselineHeapMegabytes;
    }

    /** @return a latency percentile in milliseconds */
    double millis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    String describe() {
      return String.format(Locale.ROOT, "%,d measured: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; "
              + "producer up to %.1f ms late to a slot; heap after GC %.1f MB running, %.1f MB before it started",
          latencies.getTotalCount(), millis(50), millis(99), millis(99.9), latencies.getMaxValue() / 1e6,
          producerLateMillis, heapMegabytes, baselineHeapMegabytes);
    }
  }

  private final EmbeddedKafkaBroker broker;
  private final int rate;
  private final int partitions;
  private final int keys;
  private final int valueBytes;
  private final Duration leadIn;
  private final long measuredRecords;
  private final long settleMillis;

  /**
   * @param rate records per second
   * @param measured how long the measured part lasts at that rate
   * @param settleMillis the pause before each contender (after the previous one stopped)
   */
  LatencyWorkload(EmbeddedKafkaBroker broker, int rate, int partitions, int keys, int valueBytes, Duration leadIn,
      Duration measured, long settleMillis) {
    this.broker = broker;
    this.rate = rate;
    this.partitions = partitions;
    this.keys = keys;
    this.valueBytes = valueBytes;
    this.leadIn = leadIn;
    this.measuredRecords = rate * measured.toMillis() / 1000;
    this.settleMillis = settleMillis;
  }

  long measuredRecords() {
    return measuredRecords;
  }

  /** Runs every contender once, in order; a contender that fails fails the run. */
  List<Result> run(List<LatencyContender> contenders) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<Result> results = new ArrayList<>();
    for (LatencyContender c : contenders) {
      Result r = runOne(c, "bench-latency-" + run + "-" + c.name());
      System.out.printf("  latency   %-28s %s%n", c.name(), r.describe());
      results.add(r);
    }
    return results;
  }

  private Result runOne(LatencyContender contender, String topic) throws Exception {
    broker.createTopic(topic, partitions);
    Thread.sleep(settleMillis);
    double baseline = heapAfterGc();
    ConcurrentHistogram latencies = new ConcurrentHistogram(3);
    AtomicLong anyHandled = new AtomicLong();
    AtomicLong measuredHandled = new AtomicLong();
    Consumer<byte[]> handled = value -> {
      long now = System.nanoTime();
      anyHandled.incrementAndGet();
      if (PacedProducer.measured(value)) {
        latencies.recordValue(Math.max(0, now - PacedProducer.stamp(value)));
        measuredHandled.incrementAndGet();
      }
    };
    try (AutoCloseable running = contender.starter().start(topic, topic, handled);
        PacedProducer producer = new PacedProducer(broker.bootstrapServers(), topic, rate, keys, valueBytes)) {
      producer.sendUntil(() -> anyHandled.get() > 0, TimeUnit.SECONDS.toNanos(60),
          contender.name() + " handling its first record of " + topic);
      // Records sent during the group join wait; start the lead-in once the contender has caught up (10 ms behind).
      producer.sendUntil(() -> anyHandled.get() >= producer.sent() - rate / 100, TimeUnit.SECONDS.toNanos(60),
          contender.name() + " catching up with the records sent during its group join on " + topic);
      producer.send(rate * leadIn.toMillis() / 1000, false);
      producer.send(measuredRecords, true);
      Waits.until(() -> measuredHandled.get() >= measuredRecords, 1_000_000, Duration.ofSeconds(60),
          contender.name() + " handling all " + measuredRecords + " measured records of " + topic,
          () -> "handled " + measuredHandled.get());
      double heap = heapAfterGc();
      return new Result(contender.name(), latencies, heap, baseline, producer.maxLateNanos() / 1e6);
    }
  }

  /** @return the heap used after a full GC, in MB */
  private static double heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
