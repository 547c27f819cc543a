package io.tributary.asyncapi.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Publisher} bounds its work.
 *
 * @param maxInFlight the most sends awaiting their acknowledgement at once (the window that keeps the
 *     broker busy), at least 1; default 256
 * @param maxBlock how long a {@code send} waits for room while the publisher is full before it fails,
 *     zero for not at all; default 10 s
 * @param closeTimeout how long {@link Publisher#close()} waits for the sends in flight; default 30 s
 */
public record PublisherSettings(int maxInFlight, Duration maxBlock, Duration closeTimeout) {

  /** Checks. */
  public PublisherSettings {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
    }
    Objects.requireNonNull(maxBlock, "maxBlock");
    if (maxBlock.isNegative()) {
      throw new IllegalArgumentException("maxBlock must not be negative, was " + maxBlock);
    }
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive, was " + closeTimeout);
    }
  }

  /** @return 256 in flight, sends wait up to 10 s for room, close waits up to 30 s */
  public static PublisherSettings defaults() {
    return new PublisherSettings(256, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** @return a copy with another bound on sends awaiting their acknowledgement */
  public PublisherSettings withMaxInFlight(int n) {
    return new PublisherSettings(n, maxBlock, closeTimeout);
  }

  /** @return a copy in which a send waits at most {@code d} for room */
  public PublisherSettings withMaxBlock(Duration d) {
    return new PublisherSettings(maxInFlight, d, closeTimeout);
  }

  /** @return a copy in which close waits at most {@code d} */
  public PublisherSettings withCloseTimeout(Duration d) {
    return new PublisherSettings(maxInFlight, maxBlock, d);
  }
}
