package io.tributary.asyncapi.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Requester} bounds the requests that await their reply.
 *
 * @param maxOutstanding the most requests awaiting their reply at once, at least 1; a request beyond
 *     that fails at once with {@link PublishRejectedException} (never queued); default 256
 * @param timeout how long a request waits for its reply unless the call gives its own; default 30 s
 */
public record RequesterSettings(int maxOutstanding, Duration timeout) {

  /** Checks. */
  public RequesterSettings {
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding must be >= 1, was " + maxOutstanding);
    }
    checkTimeout(timeout);
  }

  /** @return 256 outstanding requests, a reply awaited up to 30 s */
  public static RequesterSettings defaults() {
    return new RequesterSettings(256, Duration.ofSeconds(30));
  }

  /** @return a copy with another bound on the requests awaiting their reply */
  public RequesterSettings withMaxOutstanding(int n) {
    return new RequesterSettings(n, timeout);
  }

  /** @return a copy in which a reply is awaited at most {@code d} */
  public RequesterSettings withTimeout(Duration d) {
    return new RequesterSettings(maxOutstanding, d);
  }

  static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return timeout;
  }
}
