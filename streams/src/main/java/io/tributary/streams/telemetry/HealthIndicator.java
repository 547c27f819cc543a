package io.tributary.streams.telemetry;

/**
 * A component's own view of its health, asked on every {@code /health/ready} request and by {@code
 * tributary top}: it must be cheap (read state, never block or call a broker).
 */
@FunctionalInterface
public interface HealthIndicator {

  /** @return the component's health now */
  ComponentHealth health();
}
