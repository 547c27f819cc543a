package io.tributary.bench.hub;

import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Policy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code memory} suite: one BACKPRESSURE receiver stalled and 3 LAG receivers draining while
 * 10 M values are offered. Heap after GC is sampled every million offers: it stays flat, bounded by
 * the capacity, not by the values sent. The anchor is the heap after GC before the first offer.
 */
public final class MemorySuite implements BenchSuite {

  private static final String ANCHOR = "heap-before";

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String description() {
    return "heap after GC with a stalled BACKPRESSURE receiver and 3 LAG receivers, 10 M offers";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    long offers = options.records().orElse(options.quick() ? 1_000_000 : 10_000_000);
    int capacity = 1024;
    BroadcastChannel<Long> channel = BroadcastChannel.create(capacity, Policy.BACKPRESSURE);
    BroadcastChannel.Receiver<Long> stalled = channel.subscribe(Policy.BACKPRESSURE);
    List<Thread> drainers = new ArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<BroadcastChannel.Receiver<Long>> lagging = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BroadcastChannel.Receiver<Long> rx = channel.subscribe(Policy.LAG);
      lagging.add(rx);
      Thread t = new Thread(() -> {
        long[] sum = {0};
        while (running.get()) {
          try {
            if (rx.drain(256, v -> sum[0] += v) == 0) {
              Thread.yield();
            }
          } catch (BroadcastChannel.Lagged lagged) {
            // counted in rx.missed()
          } catch (BroadcastChannel.Closed closed) {
            return;
          }
        }
      }, "bench-memory-lag-" + i);
      t.setDaemon(true);
      t.start();
      drainers.add(t);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = heapAfterGc(memory);
    long peak = before;
    long accepted = 0;
    long step = Math.max(1, offers / 10);
    for (long i = 0; i < offers; i++) {
      if (channel.offer(i)) { // the stalled receiver fills the channel: later offers are refused
        accepted++;
      }
      if ((i + 1) % step == 0) {
        peak = Math.max(peak, heapAfterGc(memory));
      }
    }
    running.set(false);
    channel.close();
    for (Thread t : drainers) {
      t.join(10_000);
    }
    long after = heapAfterGc(memory);
    Map<String, Object> config = Map.of("offers", offers, "capacity", capacity);
    List<BenchResult> results = new ArrayList<>();
    results.add(BenchResult.of(ANCHOR, config, before / 1e6, "MB", "heap after GC before the first offer"));
    results.add(BenchResult.of("heap-peak", config, peak / 1e6, "MB", "highest heap after GC, sampled 10 times"));
    results.add(BenchResult.of("heap-after", config, after / 1e6, "MB", ""));
    String missed = lagging.stream().map(r -> Long.toString(r.missed())).reduce((a, b) -> a + "/" + b).orElse("");
    return new BenchReport(name(), ANCHOR, results, Map.of(), List.of(
        "accepted " + accepted + " of " + offers + " offers (the stalled BACKPRESSURE receiver holds the channel "
            + "full); the stalled receiver has " + stalled.pending() + " pending; LAG receivers missed " + missed));
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
