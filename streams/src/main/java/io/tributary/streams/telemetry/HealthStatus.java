package io.tributary.streams.telemetry;

/** How a component is doing. */
public enum HealthStatus {
  /** Working and making progress. */
  UP,
  /** Working, but slow: progress below its recent rate, or handlers slower than the threshold. Still ready. */
  SLOW,
  /** Not making progress: a lane stuck longer than the limit, or not connected or assigned. Not ready. */
  DOWN;

  /** @return the worse of the two */
  public HealthStatus worst(HealthStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
