package io.tributary.faults;

import java.nio.file.Path;

/** One fault injected into a real workload, and what it cost. */
public interface Scenario {

  /** @return the name the command takes, e.g. {@code kafka-broker-kill} */
  String name();

  /** @return one sentence: what surviving this fault proves */
  String proves();

  /**
   * Runs the workload, injects the fault, waits until everything produced was processed (or the workload's
   * completion timeout ran out) and counts.
   *
   * @param workload the traffic
   * @param dir a directory of this run's own (file sink, broker data, child JVM output)
   * @return the counts
   * @throws Exception when the scenario could not run to its end
   */
  ScenarioResult run(Workload workload, Path dir) throws Exception;
}
