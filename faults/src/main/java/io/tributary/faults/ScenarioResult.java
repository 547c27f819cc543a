package io.tributary.faults;

import java.util.Optional;

/**
 * What one scenario cost: the events it produced, those never processed ({@code lost}), lines beyond the first per
 * event ({@code duplicated}), per-key order violations, and the time to recover; or why it could not run.
 *
 * @param scenario the scenario's name
 * @param messages events produced
 * @param lost events neither processed nor, where expected, dead-lettered
 * @param duplicated events processed more than once, counted once per extra time
 * @param orderViolations first processings of an event after a later event of the same key
 * @param recoveryMs from the fault's end (or the kill) to the first event processed after it; 0 without a fault
 * @param failure why the scenario failed to run, if it did
 */
public record ScenarioResult(String scenario, long messages, long lost, long duplicated, long orderViolations,
    long recoveryMs, Optional<String> failure) {

  /** @return a result of a scenario that could not run */
  static ScenarioResult failed(String scenario, String why) {
    return new ScenarioResult(scenario, 0, 0, 0, 0, 0, Optional.of(why));
  }

  /** @return a copy that also failed for {@code why} */
  ScenarioResult withFailure(String why) {
    return new ScenarioResult(scenario, messages, lost, duplicated, orderViolations, recoveryMs,
        Optional.of(failure.map(f -> f + "; " + why).orElse(why)));
  }

  /** @return true when it ran, lost nothing and kept every key's order */
  public boolean passed() {
    return failure.isEmpty() && lost == 0 && orderViolations == 0;
  }

  /** @return this result as one JSON object of the {@code FAULTS} line */
  public String json() {
    return "{\"scenario\":\"" + scenario + "\",\"messages\":" + messages + ",\"lost\":" + lost + ",\"duplicated\":"
        + duplicated + ",\"order_violations\":" + orderViolations + ",\"recovery_ms\":" + recoveryMs + "}";
  }
}
