package io.tributary.streams.processing;

import java.time.Duration;
import java.util.Objects;

/**
 * Attempts per message and the exponential backoff between them. While a message waits for its
 * next attempt, its key (or partition, see {@link OrderingMode}) is parked: later messages of the
 * same key wait behind it, so per-key order survives retries.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param minBackoff the wait before the second attempt
 * @param maxBackoff the longest wait
 * @param multiplier how much the wait grows per attempt (at least 1)
 */
public record RetryPolicy(int maxAttempts, Duration minBackoff, Duration maxBackoff, double multiplier) {

  /** Validates the policy. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= minBackoff <= maxBackoff, was "
          + minBackoff + " .. " + maxBackoff);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }
  }

  /** 3 attempts, waiting 100 ms, then 200 ms (growing x2 up to 10 s). */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0);
  }

  /** A single attempt. */
  public static RetryPolicy noRetry() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
  }

  /** @return the wait after failed attempt number {@code attempt} (1-based) */
  public Duration backoffAfter(int attempt) {
    double millis = minBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
  }
}
