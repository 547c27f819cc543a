package io.tributary.cli.top;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One line of {@code top}: a component and what it does now.
 *
 * @param component its name: a runner ({@code kafka-consumer[orders/billing]}), a hub topic ({@code
 *     hub[events/prices]}) or subscriber ({@code hub[events/prices]:/user/printer}), a pipeline ({@code
 *     pipeline[logs]}) or its component ({@code pipeline[logs]:parse}), or another health entry
 * @param kind {@code kafka}, {@code amqp}, {@code nats}, {@code hub}, {@code subscriber}, {@code pipeline},
 *     {@code source}, {@code transform}, {@code sink} or {@code health}
 * @param in messages in per second, between the last two scrapes; empty when not known yet or not applicable
 * @param out messages out (acknowledged, delivered, emitted) per second; empty likewise
 * @param inFlight in flight now; empty when not applicable
 * @param lag how far behind its input: Kafka lag summed over its partitions (those whose lag is known), a
 *     subscriber's lag behind the topic; empty when not applicable or not known
 * @param status {@code UP}, {@code SLOW} or {@code DOWN} from {@code /health/ready}; {@code -} when it has no
 *     entry there
 * @param reason why, when not up; empty otherwise
 * @param stuckCount how many of its lanes are stuck
 * @param stuck the stuck lanes listed
 * @param slow the slow lanes listed
 */
record Row(String component, String kind, OptionalDouble in, OptionalDouble out, OptionalLong inFlight,
    OptionalLong lag, String status, String reason, int stuckCount, List<Lane> stuck, List<Lane> slow) {

  /** The status of a component {@code /health/ready} does not name. */
  static final String NO_STATUS = "-";

  Row {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    stuck = List.copyOf(stuck);
    slow = List.copyOf(slow);
  }
}
