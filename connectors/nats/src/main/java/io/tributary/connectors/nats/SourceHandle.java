package io.tributary.connectors.nats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * What a materialized {@link NatsSourceStage} hands to its {@link NatsControl}: the stop trigger,
 * the stage's termination (after its fetch thread let go of the subscription) and its counters.
 */
final class SourceHandle {
  final OpenMessages tracker = new OpenMessages();
  /** Completes once the stage stopped and its fetcher is closed. */
  final CompletableFuture<Done> terminated = new CompletableFuture<>();
  private volatile Runnable stopHook;
  private volatile boolean stopRequested;

  /** Called by the stage when it starts: {@code hook} asks it to stop. */
  void attach(Runnable hook) {
    stopHook = hook;
    if (stopRequested) {
      hook.run();
    }
  }

  /** Asks the stage to stop fetching; completes when it has stopped. */
  CompletionStage<Done> stop() {
    stopRequested = true;
    Runnable hook = stopHook;
    if (hook != null) {
      hook.run();
    }
    return terminated;
  }
}
