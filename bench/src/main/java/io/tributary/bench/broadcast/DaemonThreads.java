package io.tributary.bench.broadcast;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for receivers and executors, so that a contender that failed to stop can
 * never keep the forked benchmark JVM alive.
 */
final class DaemonThreads {

  private DaemonThreads() {}

  /** @return a factory of daemon threads named {@code prefix-0}, {@code prefix-1}, ... */
  static ThreadFactory named(String prefix) {
    AtomicInteger index = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + index.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Waits up to {@code millis} for {@code thread} to end; returns whether it did. */
  static boolean join(Thread thread, long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }
}
