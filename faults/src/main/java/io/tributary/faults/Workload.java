package io.tributary.faults;

import java.time.Duration;

/**
 * The traffic a scenario runs: {@code messages} events spread round-robin over {@code keys} keys (event {@code id}
 * has key {@code "k" + id % keys} and sequence number {@code id / keys}, the payload of
 * {@link io.tributary.testkit.TestEvent}), produced at {@code ratePerSecond}, handled ordered per key with
 * {@code parallelism} handlers that each take {@code handlerDelay} before writing their line.
 *
 * @param messages events produced in all
 * @param keys distinct keys
 * @param ratePerSecond the producer's pace
 * @param parallelism handlers running at once
 * @param handlerDelay how long a handler works before it writes its line
 * @param completionTimeout how long a scenario waits for every event to be processed after its fault
 */
public record Workload(int messages, int keys, int ratePerSecond, int parallelism, Duration handlerDelay,
    Duration completionTimeout) {

  /** Validates. */
  public Workload {
    if (messages < 100 || keys < 1 || ratePerSecond < 1 || parallelism < 1) {
      throw new IllegalArgumentException("a workload needs >= 100 messages, >= 1 key, a rate and a parallelism >= 1");
    }
  }

  /** @return the quick form: 3,000 events at 500/s (the JUnit tests and {@code --quick}) */
  public static Workload quick() {
    return new Workload(3_000, 32, 500, 16, Duration.ofMillis(1), Duration.ofSeconds(90));
  }

  /** @return the full form: 20,000 events at 1,000/s, so the faults hit a stream that keeps flowing */
  public static Workload full() {
    return new Workload(20_000, 64, 1_000, 32, Duration.ofMillis(1), Duration.ofMinutes(4));
  }

  /** @return the key of event {@code id} */
  public String key(long id) {
    return "k" + (id % keys);
  }

  /** @return the sequence number of event {@code id} within its key */
  public long seq(long id) {
    return id / keys;
  }

  /** @return the JSON of event {@code id} */
  public String json(long id) {
    return io.tributary.testkit.TestEvent.json(id, key(id), seq(id));
  }
}
