package io.tributary.bench.kafka;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency at a fixed rate (issue 17, workload d), and the heap a running contender keeps
 * (workload e). In each round, each contender in turn (the order rotated every round, so that none
 * always meets the same moment of a shared machine) gets a fresh 4-partition topic and a fresh group,
 * then a {@link PacedProducer} in this JVM sends at the rate: unmeasured records until the contender
 * handled one (its group join), until it caught up with them (at most 10 ms of records behind) and
 * for a lead-in after that, then the measured records. Latency = from each measured record's slot
 * (when it was due to be produced) to the completion of its no-op handler; a contender's rounds are
 * merged into one histogram. When every measured record was handled, with the contender still
 * running, a full GC: the heap it adds is the heap used then minus before it started (median of the
 * rounds).
 */
final class LatencyWorkload {

  /**
   * What one contender gave over all rounds.
   *
   * @param latencies nanoseconds, every measured record of every round
   * @param heapAddedMegabytes the median over the rounds of the heap the running contender added
   * @param producerLate nanoseconds the producer was late to each measured slot during this contender's rounds
   */
  record Result(String name, Histogram latencies, double heapAddedMegabytes, Histogram producerLate) {

    /** @return a latency percentile in milliseconds */
    double millis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    String describe() {
      return String.format(Locale.ROOT, "%,d measured: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; "
              + "the producer's own lateness p50 %.3f ms, p99 %.3f ms, max %.3f ms; heap added %.2f MB",
          latencies.getTotalCount(), millis(50), millis(99), millis(99.9), latencies.getMaxValue() / 1e6,
          producerLate.getValueAtPercentile(50) / 1e6, producerLate.getValueAtPercentile(99) / 1e6,
          producerLate.getMaxValue() / 1e6, heapAddedMegabytes);
    }
  }

  /** One contender in one round. */
  private record Round(Histogram latencies, double heapAddedMegabytes, Histogram producerLate) {}

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
   * @param measured how long the measured part of one round lasts at that rate
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

  /** @return measured records per contender and round */
  long measuredRecords() {
    return measuredRecords;
  }

  /** Runs every contender once per round, rotating the order; a contender that fails fails the run. */
  List<Result> run(List<LatencyContender> contenders, int rounds) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    Map<String, List<Round>> byContender = new LinkedHashMap<>();
    contenders.forEach(c -> byContender.put(c.name(), new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < contenders.size(); i++) {
        LatencyContender c = contenders.get((i + round) % contenders.size());
        long started = System.nanoTime();
        Round r = runOne(c, "bench-latency-" + run + "-r" + round + "-" + c.name());
        byContender.get(c.name()).add(r);
        System.out.printf(Locale.ROOT, "  round %-3d %-28s %s (round took %,.0f ms, start to stop)%n", round + 1,
            c.name(), new Result(c.name(), r.latencies(), r.heapAddedMegabytes(), r.producerLate()).describe(),
            (System.nanoTime() - started) / 1e6);
      }
    }
    List<Result> results = new ArrayList<>();
    byContender.forEach((name, list) -> {
      Histogram latencies = new Histogram(3);
      Histogram late = new Histogram(3);
      list.forEach(r -> {
        latencies.add(r.latencies());
        late.add(r.producerLate());
      });
      double[] heap = list.stream().mapToDouble(Round::heapAddedMegabytes).sorted().toArray();
      results.add(new Result(name, latencies, heap[(heap.length - 1) / 2], late));
    });
    return results;
  }

  private Round runOne(LatencyContender contender, String topic) throws Exception {
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
      return new Round(latencies, heap - baseline, producer.late().copy());
    }
  }

  /** @return the heap used after a full GC, in MB */
  private static double heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
