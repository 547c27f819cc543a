package io.tributary.pipeline.transform;

import java.util.function.LongSupplier;

/**
 * A token bucket for {@code throttle} in drop mode: refills at a rate up to a capacity; taking a
 * token never waits. One stream uses it at a time.
 */
final class TokenBucket {

  private final double tokensPerNano;
  private final double capacity;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  /**
   * @param ratePerSecond tokens added per second
   * @param capacity the most tokens held (the burst), at least 1
   * @param clock nanoseconds, monotonic
   */
  TokenBucket(double ratePerSecond, int capacity, LongSupplier clock) {
    this.tokensPerNano = ratePerSecond / 1e9;
    this.capacity = Math.max(1, capacity);
    this.clock = clock;
    this.tokens = this.capacity;
    this.last = clock.getAsLong();
  }

  /** @return whether a token was available (and is now taken) */
  boolean tryTake() {
    long now = clock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
