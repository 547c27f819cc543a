package io.tributary.bench.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: every wait of the harness ends, with a message saying what did not happen. */
final class Waits {

  private Waits() {}

  /**
   * Polls {@code done} every {@code pollNanos} until it holds.
   *
   * @throws TimeoutException after {@code timeout}, with {@code what} and the current {@code progress}
   */
  static void until(BooleanSupplier done, long pollNanos, Duration timeout, String what, Supplier<String> progress)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException(what + " did not happen within " + timeout.toSeconds() + " s; "
            + progress.get());
      }
      LockSupport.parkNanos(pollNanos);
    }
  }

  /** Waits for {@code stage}; fails with its error, or with a timeout naming {@code what}. */
  static <T> T await(CompletionStage<T> stage, Duration timeout, String what) throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(what + " did not complete within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  /** Like {@link #await} for clean-up steps: a failure or a timeout is reported, not thrown. */
  static void quietly(CompletionStage<?> stage, Duration timeout, String what) {
    try {
      await(stage, timeout, what);
    } catch (Exception e) {
      System.err.println("warning: " + what + ": " + e);
    }
  }
}
