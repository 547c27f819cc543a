package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Delivery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A started source: its stream of deliveries (each opened through the run's {@code
 * DeliveryTracker}) and the hooks of a graceful stop.
 */
public interface RunningSource {

  /** @return the deliveries; materialized exactly once */
  Source<Delivery, NotUsed> source();

  /**
   * Completes once the source, running in the pipeline's graph, takes in messages: a {@code hub}
   * source once its subscription is active. The pipeline's start waits for it, so that a hub source
   * sees everything published after the start returned. Complete from the outset by default.
   */
  default CompletionStage<Done> ready() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** Stops taking in new messages: the source completes after what it already emitted. */
  CompletionStage<Done> stopIntake();

  /**
   * After the drain: commits what was acknowledged and closes connections. Completes with a short
   * report ({@code ""} when there is nothing to say).
   */
  default CompletionStage<String> release() {
    return CompletableFuture.completedFuture("");
  }
}
