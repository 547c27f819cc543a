package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A stuck fetch is told from a busy runner and from a partition that is merely caught up. */
class FetchWatchTest {

  static final TopicPartition P0 = new TopicPartition("orders", 0);
  static final TopicPartition P1 = new TopicPartition("orders", 1);
  static final long S = TimeUnit.SECONDS.toNanos(1);

  final FetchWatch watch = new FetchWatch(Duration.ofSeconds(30));

  @Test
  void a_partition_behind_with_nothing_fetched_while_the_runner_is_idle_is_stuck_after_the_limit_until_it_moves() {
    Map<TopicPartition, FetchWatch.Fetch> stalled = Map.of(P0, new FetchWatch.Fetch(41, 120),
        P1, new FetchWatch.Fetch(9, 0));
    assertThat(watch.check(0, true, stalled)).isEmpty(); // the clock starts
    assertThat(watch.check(29 * S, true, stalled)).isEmpty();
    assertThat(watch.check(31 * S, true, stalled)).containsExactly("orders-0: 120 behind, no fetch progress for 31 s");
    assertThat(watch.check(40 * S, true, stalled)).containsExactly("orders-0: 120 behind, no fetch progress for 40 s");
    // it hands out offset 42: progress, the clock starts again
    assertThat(watch.check(41 * S, true, Map.of(P0, new FetchWatch.Fetch(42, 119)))).isEmpty();
    assertThat(watch.check(60 * S, true, Map.of(P0, new FetchWatch.Fetch(42, 119)))).isEmpty();
  }

  @Test
  void a_busy_runner_or_a_caught_up_or_unknown_partition_is_not_a_stuck_fetch() {
    Map<TopicPartition, FetchWatch.Fetch> behind = Map.of(P0, new FetchWatch.Fetch(41, 120));
    assertThat(watch.check(0, false, behind)).isEmpty();
    assertThat(watch.check(100 * S, false, behind)).as("backpressure: the lanes report it").isEmpty();
    Map<TopicPartition, FetchWatch.Fetch> caughtUp = Map.of(P0, new FetchWatch.Fetch(41, 0),
        P1, new FetchWatch.Fetch(-1, Double.NaN));
    assertThat(watch.check(200 * S, true, caughtUp)).isEmpty();
    assertThat(watch.check(300 * S, true, caughtUp)).isEmpty();
    // the busy period did not count: the clock starts when the runner is idle
    assertThat(watch.check(301 * S, true, behind)).isEmpty();
    assertThat(watch.check(332 * S, true, behind)).hasSize(1);
  }
}
