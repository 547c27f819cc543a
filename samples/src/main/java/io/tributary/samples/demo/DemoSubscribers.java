package io.tributary.samples.demo;

import java.util.List;
import java.util.function.Supplier;

/** The demo's subscriber actors. To extend the demo, add one line here. */
final class DemoSubscribers {
  private DemoSubscribers() {}

  /** Every subscriber the demo spawns on the hub's {@code processed} topic. */
  static final List<Supplier<DemoSubscriber>> ALL = List.of(
      Counter::new,
      KeyStatistics::new,
      Sampler::new,
      TopKeys::new);
}
