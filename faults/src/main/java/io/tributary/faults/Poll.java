package io.tributary.faults;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Polling with a deadline: how the suite waits for a condition (never a fixed sleep). */
final class Poll {

  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A condition that may throw. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  private Poll() {}

  /** Returns once {@code condition} holds; after {@code bound}, throws a {@link TimeoutException} naming {@code what}. */
  static void until(Duration bound, String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(what + " did not happen within " + bound.toSeconds() + " s");
      }
      LockSupport.parkNanos(INTERVAL_NANOS);
    }
  }
}
