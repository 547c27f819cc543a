package io.tributary.cluster.hub;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.cluster.ClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;

/** Helpers of the cluster hub tests. */
final class HubFixtures {

  private HubFixtures() {}

  /** @return a direct publisher into {@code topic} of {@code hub} (on the hub's node) */
  static <T> HubPublisher<T> publisher(ClusterNode node, ActorRef<EventHub.Command<T>> hub, String topic) {
    return AskPattern.<EventHub.Command<T>, HubPublisher<T>>ask(hub,
            replyTo -> new EventHub.GetPublisher<>(topic, replyTo), Duration.ofSeconds(10), node.system().scheduler())
        .toCompletableFuture().join();
  }

  /**
   * Starts a thread that publishes {@code prefix + i} for i in [0, count) one after the other, each
   * waiting until the topic took the previous one; {@code confirmed} counts those taken.
   */
  static Thread publishInBackground(HubPublisher<String> publisher, String prefix, int count, AtomicLong confirmed) {
    Thread t = new Thread(() -> {
      for (int i = 0; i < count; i++) {
        publisher.publish(prefix + i).toCompletableFuture().join();
        confirmed.incrementAndGet();
      }
    }, "publisher-" + prefix);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Pulls from {@code queue} until {@code last} arrives; returns everything pulled. */
  static List<HubSource.Element<String>> pullUntil(SinkQueueWithCancel<HubSource.Element<String>> queue,
      String last) throws Exception {
    List<HubSource.Element<String>> pulled = new ArrayList<>();
    while (true) {
      Optional<HubSource.Element<String>> next = queue.pull().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (next.isEmpty()) {
        return pulled;
      }
      pulled.add(next.get());
      if (next.get() instanceof HubSource.Value<String> v && v.value().equals(last)) {
        return pulled;
      }
    }
  }

  /** @return the values of {@code elements} that start with {@code prefix}, in arrival order */
  static List<String> valuesFrom(List<HubSource.Element<String>> elements, String prefix) {
    List<String> values = new ArrayList<>();
    for (HubSource.Element<String> e : elements) {
      if (e instanceof HubSource.Value<String> v && v.value().startsWith(prefix)) {
        values.add(v.value());
      }
    }
    return values;
  }

  /** @return {@code prefix + 0} .. {@code prefix + (count - 1)} */
  static List<String> expected(String prefix, int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(prefix + i);
    }
    return values;
  }
}
