package io.tributary.bench.hub;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The {@code latency} suite: the hub at a fixed offered rate (100,000 values/s for 10 s), one
 * subscriber actor recording, for each value, the time from when it was <i>meant</i> to be sent
 * (its slot in the schedule) to when the subscriber got it — so a stalled sender does not hide
 * the delay of the values queued behind it (coordinated omission corrected). Reports p50, p99,
 * p99.9 and max from an HdrHistogram; the anchor is the 1 ms goal.
 */
public final class LatencySuite implements BenchSuite {

  private static final String ANCHOR = "goal";

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public String description() {
    return "hub latency at a fixed 100,000 values/s, coordinated omission corrected";
  }

  /** A value carrying its intended send time. */
  private record Stamped(long intendedNanos) {}

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    int rate = 100_000;
    int seconds = options.quick() ? 2 : 10;
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-latency");
    try {
      ActorRef<EventHub.Command<Stamped>> hub = system.systemActorOf(EventHub.<Stamped>create(), "hub", Props.empty());
      AskPattern.<EventHub.Command<Stamped>, org.apache.pekko.Done>ask(hub,
              r -> new EventHub.CreateTopic<>("t", 1024, Policy.BACKPRESSURE, r), Duration.ofSeconds(10),
              system.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
      run(system, hub, rate, 1, new Histogram(TimeUnit.SECONDS.toNanos(10), 3)); // warm-up
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      run(system, hub, rate, seconds, histogram);
      Map<String, Object> config = Map.of("rate_per_s", rate, "seconds", seconds);
      List<BenchResult> results = new ArrayList<>();
      results.add(BenchResult.of(ANCHOR, config, 1.0, "ms", "the goal: p99 under 1 ms"));
      results.add(BenchResult.of("hub-p50", config, histogram.getValueAtPercentile(50) / 1e6, "ms", ""));
      results.add(BenchResult.of("hub-p99", config, histogram.getValueAtPercentile(99) / 1e6, "ms", ""));
      results.add(BenchResult.of("hub-p99.9", config, histogram.getValueAtPercentile(99.9) / 1e6, "ms", ""));
      results.add(BenchResult.of("hub-max", config, histogram.getMaxValue() / 1e6, "ms", ""));
      return new BenchReport(name(), ANCHOR, results, Map.of(), List.of(
          "from the intended send time to the subscriber actor; " + histogram.getTotalCount() + " values"));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void run(ActorSystem<Void> system, ActorRef<EventHub.Command<Stamped>> hub, int rate, int seconds,
      Histogram histogram) throws Exception {
    long total = (long) rate * seconds;
    CountDownLatch done = new CountDownLatch(1);
    ActorRef<EventHub.Notification<Stamped>> subscriber = system.systemActorOf(recording(total, histogram, done),
        "rec-" + System.nanoTime(), Props.empty());
    // Answered once the subscription is active: every value published afterwards reaches it.
    AskPattern.<EventHub.Command<Stamped>, EventHub.Subscribed<Stamped>>ask(hub,
        replyTo -> new EventHub.Subscribe<>("t", subscriber, Policy.BACKPRESSURE, replyTo),
        Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
    HubPublisher<Stamped> publisher = AskPattern.<EventHub.Command<Stamped>, HubPublisher<Stamped>>ask(hub,
        r -> new EventHub.GetPublisher<>("t", r), Duration.ofSeconds(10), system.scheduler())
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long i = 0;
    while (i < total) {
      // Publish every value whose slot has come, then sleep until the next slot: the pacer must
      // not spin, or on 2 cores it takes a whole core from the actors it measures. A sleep
      // overshoots (timer slack, ~50 us), so values go out in small bursts, each stamped with its
      // own slot: the overshoot counts in their latency.
      long due = Math.min(total, (System.nanoTime() - start) / interval + 1);
      for (; i < due; i++) {
        Stamped value = new Stamped(start + i * interval);
        if (!publisher.tryPublish(value)) {
          publisher.publish(value).toCompletableFuture().join();
        }
      }
      long wait = start + i * interval - System.nanoTime();
      if (i < total && wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the subscriber did not receive every value");
    }
    hub.tell(new EventHub.Unsubscribe<>("t", subscriber));
  }

  private static Behavior<EventHub.Notification<Stamped>> recording(long expected, Histogram histogram,
      CountDownLatch done) {
    return Behaviors.setup(ctx -> {
      long[] count = {0};
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof EventHub.Events<Stamped> events) {
          long now = System.nanoTime();
          for (Stamped s : events.values()) {
            histogram.recordValue(Math.max(0, now - s.intendedNanos()));
          }
          count[0] += events.values().size();
          events.ack();
          if (count[0] >= expected) {
            done.countDown();
            return Behaviors.stopped();
          }
        }
        return Behaviors.same();
      });
    });
  }
}
