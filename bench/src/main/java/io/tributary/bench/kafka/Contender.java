package io.tributary.bench.kafka;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named way to consume a topic once with a given consumer group.
 *
 * @param name the result name
 * @param pass one pass with a fresh group
 */
record Contender(String name, Pass pass) {

  /** One pass over the whole topic with the given (fresh) consumer group. */
  @FunctionalInterface
  interface Pass {
    Measurement run(String groupId) throws Exception;
  }

  /** The pause before each pass, after a full GC, so that one pass's garbage and shutdown do not run into the next. */
  static final long SETTLE_MILLIS = 1_000;
  /** The same pause in a quick (smoke) run, whose numbers are not compared. */
  static final long QUICK_SETTLE_MILLIS = 200;

  /**
   * Runs every contender once as a warm-up (results printed, not kept), then {@code rounds} measured
   * passes each, rotating the order every round so that no contender always goes first. Before each
   * pass: a full GC and a short pause.
   *
   * @return the measured passes per contender, in contender order
   */
  static Map<String, List<Measurement>> measure(String label, List<Contender> contenders, boolean warmUp,
      int rounds) throws Exception {
    return measure(label, contenders, warmUp, rounds, SETTLE_MILLIS);
  }

  /** Like {@link #measure(String, List, boolean, int)} with another pause before each pass. */
  static Map<String, List<Measurement>> measure(String label, List<Contender> contenders, boolean warmUp,
      int rounds, long settleMillis) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    if (warmUp) {
      for (Contender c : contenders) {
        settle(settleMillis);
        Measurement m = timedCpu(c.pass(), "bench-" + run + "-warmup-" + c.name());
        System.out.printf("  warm-up   %-28s %s%n", c.name(), m.describe());
      }
    }
    Map<String, List<Measurement>> passes = new LinkedHashMap<>();
    contenders.forEach(c -> passes.put(c.name(), new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < contenders.size(); i++) {
        Contender c = contenders.get((i + round) % contenders.size());
        settle(settleMillis);
        Measurement m = timedCpu(c.pass(), "bench-" + run + "-" + label + "-r" + round + "-" + c.name());
        passes.get(c.name()).add(m);
        System.out.printf("  round %-3d %-28s %s%n", round + 1, c.name(), m.describe());
      }
    }
    return passes;
  }

  /** Runs a pass and records the CPU time this JVM used meanwhile (the pass runs alone in it). */
  private static Measurement timedCpu(Pass pass, String groupId) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long before = os.getProcessCpuTime();
    Measurement m = pass.run(groupId);
    return before < 0 ? m : m.withCpu(os.getProcessCpuTime() - before);
  }

  private static void settle(long millis) throws InterruptedException {
    System.gc();
    Thread.sleep(millis);
  }
}
