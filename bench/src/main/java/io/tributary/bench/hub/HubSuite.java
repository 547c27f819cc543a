package io.tributary.bench.hub;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The {@code hub} suite: the broadcast hub actor fanning values out to 4 subscriber actors with the
 * ack protocol, against the naive design — an actor that {@code tell}s every value to every
 * subscriber (the anchor) — and against the plain channel with 4 receiver threads. Metric: values
 * delivered per second per subscriber.
 */
public final class HubSuite implements BenchSuite {

  private static final int SUBSCRIBERS = 4;
  private static final String ANCHOR = "naive-tell";

  @Override
  public String name() {
    return "hub";
  }

  @Override
  public String description() {
    return "hub actor with 4 ack-protocol subscribers vs naive tell fan-out vs plain channel";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    long values = options.records().orElse(options.quick() ? 200_000 : 2_000_000);
    Long[] payload = Payloads.boxed((int) Math.min(values, 1 << 20));
    Map<String, Object> config = Map.of("subscribers", SUBSCRIBERS, "values", values);
    List<BenchResult> results = new ArrayList<>();
    // Warm-up, then the measured runs, each contender in turn in this JVM.
    naive(values / 4, payload);
    hub(values / 4, payload);
    channel(values / 4, payload);
    results.add(BenchResult.of(ANCHOR, config, naive(values, payload), "values/s", "tell per value per subscriber"));
    results.add(BenchResult.of("hub-actor", config, hub(values, payload), "values/s",
        "EventHub, BACKPRESSURE, batches acked by subscriber actors"));
    results.add(BenchResult.of("plain-channel", config, channel(values, payload), "values/s",
        "BroadcastChannel, 4 receiver threads draining"));
    return new BenchReport(name(), ANCHOR, results, Map.of(), List.of(
        "values delivered per second per subscriber; the hub publisher uses HubPublisher (no actor message per value)"));
  }

  /** The naive design: one actor tells every value to every subscriber actor. */
  private static double naive(long values, Long[] payload) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-naive");
    try {
      CountDownLatch done = new CountDownLatch(SUBSCRIBERS);
      List<ActorRef<Long>> subscribers = new ArrayList<>();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        subscribers.add(system.systemActorOf(counting(values, done), "sub-" + i,
            org.apache.pekko.actor.typed.Props.empty()));
      }
      ActorRef<Long> fanout = system.systemActorOf(Behaviors.receiveMessage(v -> {
        for (ActorRef<Long> s : subscribers) {
          s.tell(v);
        }
        return Behaviors.same();
      }), "fanout", org.apache.pekko.actor.typed.Props.empty());
      long started = System.nanoTime();
      for (long i = 0; i < values; i++) {
        fanout.tell(payload[(int) (i % payload.length)]);
      }
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("naive fan-out did not finish");
      }
      return values * 1e9 / (System.nanoTime() - started);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static Behavior<Long> counting(long expected, CountDownLatch done) {
    return Behaviors.setup(ctx -> {
      long[] count = {0};
      return Behaviors.receiveMessage(v -> {
        if (++count[0] == expected) {
          done.countDown();
        }
        return Behaviors.same();
      });
    });
  }

  /** The hub actor: publish through HubPublisher, 4 subscriber actors ack each batch. */
  private static double hub(long values, Long[] payload) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-hub");
    try {
      ActorRef<EventHub.Command<Long>> hub = system.systemActorOf(EventHub.<Long>create(), "hub",
          org.apache.pekko.actor.typed.Props.empty());
      HubSuite.<org.apache.pekko.Done>ask(system, hub, r -> new EventHub.CreateTopic<>("t", 1024, Policy.BACKPRESSURE, r));
      CountDownLatch done = new CountDownLatch(SUBSCRIBERS);
      for (int i = 0; i < SUBSCRIBERS; i++) {
        ActorRef<EventHub.Notification<Long>> sub = system.systemActorOf(acking(values, done), "sub-" + i,
            org.apache.pekko.actor.typed.Props.empty());
        // Answered once the subscription is active: every value published afterwards reaches it.
        HubSuite.<EventHub.Subscribed<Long>>ask(system, hub,
            replyTo -> new EventHub.Subscribe<>("t", sub, Policy.BACKPRESSURE, replyTo));
      }
      HubPublisher<Long> publisher = ask(system, hub, r -> new EventHub.GetPublisher<>("t", r));
      long started = System.nanoTime();
      for (long i = 0; i < values; i++) {
        Long v = payload[(int) (i % payload.length)];
        if (!publisher.tryPublish(v)) {
          publisher.publish(v).toCompletableFuture().join();
        }
      }
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("hub fan-out did not finish");
      }
      return values * 1e9 / (System.nanoTime() - started);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static Behavior<EventHub.Notification<Long>> acking(long expected, CountDownLatch done) {
    return Behaviors.setup(ctx -> {
      long[] count = {0};
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof EventHub.Events<Long> events) {
          long before = count[0];
          count[0] += events.values().size();
          events.ack();
          if (before < expected && count[0] >= expected) {
            done.countDown();
          }
        }
        return Behaviors.same();
      });
    });
  }

  /** The plain channel: 4 receiver threads drain while one thread offers. */
  private static double channel(long values, Long[] payload) throws Exception {
    BroadcastChannel<Long> channel = BroadcastChannel.create(1024, Policy.BACKPRESSURE);
    List<CompletableFuture<Long>> receivers = new ArrayList<>();
    AtomicLong sink = new AtomicLong();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      BroadcastChannel.Receiver<Long> rx = channel.subscribe();
      CompletableFuture<Long> f = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        long n = 0;
        long sum = 0;
        long[] acc = {0};
        try {
          while (n < values) {
            int got = rx.drain(256, v -> acc[0] += v);
            if (got == 0) {
              Thread.yield();
            }
            n += got;
          }
          sum = acc[0];
          f.complete(n);
        } catch (RuntimeException e) {
          f.completeExceptionally(e);
        }
        sink.addAndGet(sum);
      }, "bench-channel-rx-" + i);
      t.setDaemon(true);
      t.start();
      receivers.add(f);
    }
    long started = System.nanoTime();
    for (long i = 0; i < values; i++) {
      Long v = payload[(int) (i % payload.length)];
      while (!channel.offer(v)) {
        Thread.yield();
      }
    }
    CompletableFuture.allOf(receivers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double rate = values * 1e9 / (System.nanoTime() - started);
    channel.close();
    return rate;
  }

  private static <R> R ask(ActorSystem<?> system, ActorRef<EventHub.Command<Long>> hub,
      org.apache.pekko.japi.function.Function<ActorRef<R>, EventHub.Command<Long>> message) throws Exception {
    return AskPattern.ask(hub, message, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture()
        .get(15, TimeUnit.SECONDS);
  }
}
