package io.tributary.cli.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Simulated I/O for the samples' handlers: a stage that completes after a delay without holding a
 * thread while it waits. One daemon timer thread serves all of them. ({@code
 * CompletableFuture.delayedExecutor} hops through the common pool, which has one worker on 2
 * cores, and managed about 3,400 completions/s here; this timer about 50,000.)
 */
public final class SimulatedIo {

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tributary-simulated-io");
    t.setDaemon(true);
    return t;
  });

  private SimulatedIo() {}

  /** Completes with {@code value} after {@code millis} (at once when 0). */
  public static <T> CompletionStage<T> after(long millis, T value) {
    if (millis <= 0) {
      return CompletableFuture.completedFuture(value);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    TIMER.schedule(() -> result.complete(value), millis, TimeUnit.MILLISECONDS);
    return result;
  }
}
