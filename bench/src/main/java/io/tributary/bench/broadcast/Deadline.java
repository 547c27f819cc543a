package io.tributary.bench.broadcast;

import java.time.Duration;

/**
 * A point in time after which a waiting benchmark thread gives up, so that a stalled contender
 * fails its benchmark instead of hanging the run. Checked only on idle rounds, never per value.
 */
final class Deadline {

  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** @return a deadline {@code timeout} from now */
  static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  /**
   * @param waitingFor what the caller waits for, for the message
   * @throws IllegalStateException once the deadline has passed
   */
  void check(String waitingFor) {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new IllegalStateException("benchmark stalled: timed out waiting for " + waitingFor);
    }
  }
}
