package io.tributary.streams.processing;

import io.tributary.streams.envelope.SourcePosition;
import java.time.Duration;
import java.util.Objects;

/**
 * A message whose handler took at least the slow-handler threshold ({@code tributary.health.slow-handler})
 * before it completed: the runner keeps the last one, so a report names it after it finished.
 *
 * @param key its key, or {@code null}
 * @param position where it came from
 * @param took from its first attempt's start to its completion (retries and backoff included)
 * @param finishedNanos when it completed, a {@link System#nanoTime()} reading
 */
public record SlowCompletion(String key, SourcePosition position, Duration took, long finishedNanos) {

  /** Checks the parts are there. */
  public SlowCompletion {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(took, "took");
  }
}
