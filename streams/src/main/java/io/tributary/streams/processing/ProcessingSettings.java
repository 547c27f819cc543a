package io.tributary.streams.processing;

import java.util.Objects;

/**
 * How the processing runner runs handlers: ordering, parallelism, retries and the failure policy.
 * Immutable; start from {@link #defaults()} and change with the {@code withX} methods.
 *
 * @param mode how much order to keep
 * @param parallelism handlers running at once at most
 * @param retry attempts and backoff per message
 * @param failurePolicy what happens after the last failed attempt
 * @param bufferSize messages held by the runner at most (running, parked, waiting for their key,
 *     or waiting to be emitted): the look-ahead that finds other keys while one key is busy, and
 *     the bound on memory. 0 = 4 x parallelism.
 */
public record ProcessingSettings(OrderingMode mode, int parallelism, RetryPolicy retry,
    FailurePolicy failurePolicy, int bufferSize) {

  /** Validates the settings. */
  public ProcessingSettings {
    Objects.requireNonNull(mode, "mode");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (bufferSize < 0) {
      throw new IllegalArgumentException("bufferSize must be >= 0 (0 = 4 x parallelism), was " + bufferSize);
    }
  }

  /** Ordered per key, parallelism 16, {@link RetryPolicy#defaults()}, dead-letter, buffer 4 x parallelism. */
  public static ProcessingSettings defaults() {
    return new ProcessingSettings(OrderingMode.ORDERED_PER_KEY, 16, RetryPolicy.defaults(),
        FailurePolicy.DEAD_LETTER, 0);
  }

  /** @return the buffer size in effect */
  public int effectiveBufferSize() {
    return bufferSize > 0 ? Math.max(bufferSize, parallelism) : 4 * parallelism;
  }

  /** @return a copy with another ordering mode */
  public ProcessingSettings withMode(OrderingMode newMode) {
    return new ProcessingSettings(newMode, parallelism, retry, failurePolicy, bufferSize);
  }

  /** @return a copy with another parallelism */
  public ProcessingSettings withParallelism(int newParallelism) {
    return new ProcessingSettings(mode, newParallelism, retry, failurePolicy, bufferSize);
  }

  /** @return a copy with another retry policy */
  public ProcessingSettings withRetry(RetryPolicy newRetry) {
    return new ProcessingSettings(mode, parallelism, newRetry, failurePolicy, bufferSize);
  }

  /** @return a copy with another failure policy */
  public ProcessingSettings withFailurePolicy(FailurePolicy newPolicy) {
    return new ProcessingSettings(mode, parallelism, retry, newPolicy, bufferSize);
  }

  /** @return a copy with another buffer size */
  public ProcessingSettings withBufferSize(int newBufferSize) {
    return new ProcessingSettings(mode, parallelism, retry, failurePolicy, newBufferSize);
  }
}
