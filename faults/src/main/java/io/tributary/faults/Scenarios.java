package io.tributary.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The scenarios the suite knows, in the order a full run takes them. */
public final class Scenarios {

  private static final List<Scenario> ALL = List.of(new PoisonScenario(), new ConsumerKillScenario(),
      new KafkaBrokerKillScenario(), new RabbitMqRestartScenario(), new NatsRestartScenario(),
      new RebalanceStormScenario(), new SlowSinkScenario(), new KafkaBrokerPartitionScenario(),
      new ExactlyOnceKillScenario(), new ExactlyOnceZombieScenario());

  /** The scenarios that are not built yet: named so that asking for one says so. */
  static final List<String> NOT_BUILT = List.of();

  private Scenarios() {}

  /** @return every scenario, in run order */
  public static List<Scenario> all() {
    return ALL;
  }

  /** @return the scenario called {@code name} */
  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** @return the names, in run order */
  public static List<String> names() {
    return ALL.stream().map(Scenario::name).toList();
  }

  static Map<String, Scenario> byName() {
    Map<String, Scenario> m = new LinkedHashMap<>();
    ALL.forEach(s -> m.put(s.name(), s));
    return m;
  }
}
