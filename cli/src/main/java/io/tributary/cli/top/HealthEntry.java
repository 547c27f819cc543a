package io.tributary.cli.top;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@code components} of {@code /health/ready}.
 *
 * @param component its name, e.g. {@code kafka-consumer[orders/billing]} or {@code kafka-consumer[...] connection}
 * @param status {@code UP}, {@code SLOW} or {@code DOWN}
 * @param reason why, empty when up
 * @param stuckCount how many lanes are stuck (more than {@code stuck} lists when there are many)
 * @param stuck the stuck lanes listed
 * @param slow the slow lanes listed
 */
record HealthEntry(String component, String status, String reason, int stuckCount, List<Lane> stuck,
    List<Lane> slow) {

  HealthEntry {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    stuck = List.copyOf(stuck);
    slow = List.copyOf(slow);
    stuckCount = Math.max(stuckCount, stuck.size());
  }
}
