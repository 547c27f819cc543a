package io.tributary.streams.processing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a processing runner's lanes were doing at one moment: published by the runner itself every {@code
 * tributary.health.check-interval} (and read from any thread through {@link ProcessingMetrics#lanes()}),
 * so watching it costs the runner nothing per message. A snapshot that stops being renewed while the
 * runner is {@link #active()} means the runner's thread is blocked (a handler that does not return).
 *
 * @param active whether the runner was running (false before it started and after it stopped)
 * @param takenAtNanos when it was taken, a {@link System#nanoTime()} reading
 * @param handler the handler the runner calls, e.g. {@code com.acme.Billing (lambda)}
 * @param lanes the lanes with work in flight
 * @param lastSlow the last message whose handler took at least the slow-handler threshold, or {@code null}
 */
public record LaneSnapshot(boolean active, long takenAtNanos, String handler, List<BusyLane> lanes,
    SlowCompletion lastSlow) {

  /** Copies the lanes. */
  public LaneSnapshot {
    Objects.requireNonNull(handler, "handler");
    lanes = List.copyOf(lanes);
  }

  /** @return the snapshot of a runner that has not started, or has stopped */
  public static LaneSnapshot inactive(String handler) {
    return new LaneSnapshot(false, System.nanoTime(), handler, List.of(), null);
  }

  /** @return the last slow completion, if any */
  public Optional<SlowCompletion> lastSlowCompletion() {
    return Optional.ofNullable(lastSlow);
  }
}
