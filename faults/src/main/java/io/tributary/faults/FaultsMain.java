package io.tributary.faults;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./tributary faults [--quick] [SCENARIO...]}: runs the fault scenarios (all, in order, when none is named)
 * against the embedded Kafka broker and the local RabbitMQ and NATS, prints one row per scenario and the last line
 * {@code FAULTS {"results":[...]}}. Exits 0 when every scenario ran and lost and reordered nothing, 1 otherwise, 2
 * on a usage error (an unknown scenario).
 */
public final class FaultsMain {

  private static final Logger log = LoggerFactory.getLogger(FaultsMain.class);
  private static final String ROW = "%-22s %9s %6s %11s %17s %12s%n";

  /**
   * The first argument of the child JVM a scenario runs inside a private network namespace:
   * {@code --inside <scenario> <args...>}.
   */
  static final String INSIDE = "--inside";

  private FaultsMain() {}

  /**
   * Runs the command and exits with its code.
   *
   * @param args {@code [--quick] [SCENARIO...]}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command.
   *
   * @param args {@code [--quick] [SCENARIO...]}
   * @param out where the table and the {@code FAULTS} line go
   * @param err where usage errors go
   * @return the exit code: 0 all passed, 1 something lost, reordered or failed to run, 2 usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 1 && args[0].equals(INSIDE)) {
      if (args[1].equals(KafkaBrokerPartitionScenario.NAME)) {
        return KafkaBrokerPartitionScenario.runInside(java.util.Arrays.copyOfRange(args, 2, args.length), out);
      }
      err.println("tributary faults: no scenario '" + args[1] + "' runs inside a namespace");
      return 2;
    }
    boolean quick = false;
    List<Scenario> chosen = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        out.println("usage: tributary faults [--quick] [SCENARIO...]");
        out.println("scenarios: " + String.join(", ", Scenarios.names()));
        return 0;
      } else if (Scenarios.named(arg).isPresent()) {
        chosen.add(Scenarios.named(arg).get());
      } else {
        err.println("tributary faults: unknown scenario '" + arg + "'. Known scenarios: "
            + String.join(", ", Scenarios.names())
            + (Scenarios.NOT_BUILT.contains(arg) ? ". '" + arg + "' is planned but not built yet." : "."));
        return 2;
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(Scenarios.all());
    }
    Workload workload = quick ? Workload.quick() : Workload.full();
    List<ScenarioResult> results = new ArrayList<>();
    out.printf(ROW, "scenario", "messages", "lost", "duplicated", "order_violations", "recovery_ms");
    for (Scenario scenario : chosen) {
      ScenarioResult result = runOne(scenario, workload);
      results.add(result);
      out.printf(ROW, result.scenario(), result.messages(), result.lost(), result.duplicated(),
          result.orderViolations(), result.recoveryMs());
      result.failure().ifPresent(f -> out.println("  " + result.scenario() + " FAILED: " + f));
      out.flush();
    }
    out.println("FAULTS {\"results\":[" + results.stream().map(ScenarioResult::json)
        .collect(Collectors.joining(",")) + "]}");
    return results.stream().allMatch(ScenarioResult::passed) ? 0 : 1;
  }

  /** Runs one scenario in a fresh directory; an error becomes a failed result. */
  static ScenarioResult runOne(Scenario scenario, Workload workload) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("tributary-faults-" + scenario.name() + "-");
      log.info("{}: running in {}", scenario.name(), dir);
      ScenarioResult result = scenario.run(workload, dir);
      if (result.passed()) {
        deleteQuietly(dir);
      } else {
        log.warn("{}: kept {} for inspection", scenario.name(), dir);
      }
      return result;
    } catch (Exception e) {
      log.error("{} failed to run (its files are in {})", scenario.name(), dir, e);
      return ScenarioResult.failed(scenario.name(), e.toString());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      log.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
