package io.tributary.bench;

import io.tributary.bench.kafka.KafkaSuite;
import io.tributary.bench.kafka.ParallelSuite;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one plain benchmark suite and prints a readable table, then, as the last line of standard
 * output, {@code BENCH <json>} (see {@link BenchReport}):
 *
 * <pre>
 * java -cp "bench/target/tributary-bench.jar:bench/target/lib/*" io.tributary.bench.BenchMain kafka [--quick]
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 the suite failed, 2 usage error (unknown suite or option).
 */
public final class BenchMain {

  private static final Map<String, Supplier<BenchSuite>> SUITES = new LinkedHashMap<>();

  static {
    SUITES.put("broadcast", io.tributary.bench.broadcast.BroadcastSuite::new);
    SUITES.put("hub", io.tributary.bench.hub.HubSuite::new);
    SUITES.put("kafka", KafkaSuite::new);
    SUITES.put("parallel", ParallelSuite::new);
    SUITES.put("latency", io.tributary.bench.hub.LatencySuite::new);
    SUITES.put("memory", io.tributary.bench.hub.MemorySuite::new);
    SUITES.put("conditions", io.tributary.bench.condition.ConditionSuite::new);
    SUITES.put("cluster", io.tributary.bench.cluster.ClusterSuite::new);
    SUITES.put("validation", io.tributary.bench.validation.ValidationSuite::new);
  }

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.err.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    Supplier<BenchSuite> factory = SUITES.get(args[0]);
    if (factory == null) {
      System.err.println("unknown suite '" + args[0] + "'; the suites are: " + String.join(", ", SUITES.keySet()));
      System.err.println(usage());
      return 2;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(Arrays.asList(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      return 2;
    }
    BenchSuite suite = factory.get();
    long started = System.nanoTime();
    try {
      BenchReport report = suite.run(options);
      System.out.println(report.table());
      System.out.printf("suite %s took %.1f s%n", suite.name(), (System.nanoTime() - started) / 1e9);
      System.out.println(report.benchLine());
      System.out.flush();
      if (!report.failures().isEmpty()) {
        System.err.printf("suite %s: %d contender(s) failed: %s%n", suite.name(), report.failures().size(),
            String.join("; ", report.failures()));
        return 1;
      }
      return 0;
    } catch (Exception e) {
      System.out.flush();
      System.err.printf("suite %s failed after %.1f s: %s%n", suite.name(),
          (System.nanoTime() - started) / 1e9, e);
      e.printStackTrace(System.err);
      return 1;
    }
  }

  static String usage() {
    StringBuilder s = new StringBuilder("usage: BenchMain <suite> [options]").append(System.lineSeparator())
        .append("suites:").append(System.lineSeparator());
    for (Map.Entry<String, Supplier<BenchSuite>> e : SUITES.entrySet()) {
      s.append(String.format("  %-10s %s%n", e.getKey(), e.getValue().get().description()));
    }
    return s.append(BenchOptions.USAGE).toString();
  }

  /** @return the names of the suites, in usage order */
  public static List<String> suites() {
    return List.copyOf(SUITES.keySet());
  }
}
