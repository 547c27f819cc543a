package io.tributary.streams.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one component, as {@code /health/ready} shows it.
 *
 * @param component the component's name, e.g. {@code kafka-consumer[orders/billing]}
 * @param status its status
 * @param reason one line on why, empty when {@link HealthStatus#UP}
 * @param details what an operator needs to act, as plain values, maps and lists (JSON-ready), e.g. the
 *     stuck lanes with topic, partition, key, offset and for how long
 */
public record ComponentHealth(String component, HealthStatus status, String reason, Map<String, Object> details) {

  /** Checks and copies (keeping the order of the details). */
  public ComponentHealth {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** @return a component that is up, without details */
  public static ComponentHealth up(String component) {
    return new ComponentHealth(component, HealthStatus.UP, "", Map.of());
  }

  /** @return a component that is down, for this reason */
  public static ComponentHealth down(String component, String reason) {
    return new ComponentHealth(component, HealthStatus.DOWN, reason, Map.of());
  }
}
