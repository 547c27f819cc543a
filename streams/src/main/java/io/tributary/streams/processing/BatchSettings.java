package io.tributary.streams.processing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a batch handler's batches are formed: at most {@code maxSize} messages, dispatched when full, when
 * {@code maxWait} passed since its first message, or at once when no more messages can join it (the
 * runner's parallelism is all in the batch and those before it).
 *
 * @param maxSize the most messages in one batch (at least 1)
 * @param maxWait the longest a message waits for others to join its batch (positive)
 */
public record BatchSettings(int maxSize, Duration maxWait) {

  /** Validates. */
  public BatchSettings {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, not " + maxSize);
    }
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, not " + maxWait);
    }
  }

  /** @return batches of up to {@code maxSize} messages, waiting at most {@code maxWait} for them */
  public static BatchSettings of(int maxSize, Duration maxWait) {
    return new BatchSettings(maxSize, maxWait);
  }
}
