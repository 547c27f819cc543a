package io.tributary.cluster.hub;

import static io.tributary.cluster.hub.HubFixtures.expected;
import static io.tributary.cluster.hub.HubFixtures.publishInBackground;
import static io.tributary.cluster.hub.HubFixtures.publisher;
import static io.tributary.cluster.hub.HubFixtures.pullUntil;
import static io.tributary.cluster.hub.HubFixtures.valuesFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.HubSettings;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.cluster.LocalCluster;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub across three nodes in one JVM: delivery from every node with both policies, remote
 * backpressure, and LAG never holding publishers back.
 */
class ClusterHubTest {

  /** Topic capacity on every node: small, so that a held-back publisher shows quickly. */
  private static final int CAPACITY = 16;
  /**
   * What may be in flight between a publisher and a subscriber that does not pull: the topic's
   * capacity, 1.5 hub batches in the publishing node's HubSource, a wire batch (64), the StreamRef
   * buffer (8 batches of up to 64), the merge (16) and stage buffers; generous.
   */
  private static final int IN_FLIGHT_BOUND = 2_000;

  private static LocalCluster cluster;
  private static final List<ClusterHub<String>> hubs = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster = LocalCluster.start("hub", 3);
    HubSettings settings = HubSettings.defaults().withDefaultCapacity(CAPACITY);
    for (int i = 0; i < 3; i++) {
      hubs.add(ClusterHub.start(cluster.node(i), "events", settings));
    }
    await().atMost(30, TimeUnit.SECONDS).until(() -> hubs.stream().allMatch(h -> h.nodes().size() == 3));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void backpressureDeliversEveryNodesValuesInOrder() throws Exception {
    String topic = "all-nodes";
    List<HubSource.Element<String>> received = new CopyOnWriteArrayList<>();
    Pair<CompletionStage<Done>, UniqueKillSwitch> mat = hubs.get(1).subscribe(topic, Policy.BACKPRESSURE)
        .viaMat(KillSwitches.single(), Keep.both()).to(Sink.foreach(received::add)).run(cluster.node(1).system());
    mat.first().toCompletableFuture().get(30, TimeUnit.SECONDS);
    int count = 2_000;
    AtomicLong confirmed = new AtomicLong();
    publishInBackground(publisher(cluster.node(0), hubs.get(0).hub(), topic), "n0-", count, confirmed);
    publishInBackground(publisher(cluster.node(2), hubs.get(2).hub(), topic), "n2-", count, confirmed);

    await().atMost(60, TimeUnit.SECONDS).until(() -> received.size() >= 2 * count);
    assertThat(valuesFrom(received, "n0-")).containsExactlyElementsOf(expected("n0-", count));
    assertThat(valuesFrom(received, "n2-")).containsExactlyElementsOf(expected("n2-", count));
    assertThat(received).hasSize(2 * count);
    mat.second().shutdown();
  }

  @Test
  void aSlowRemoteBackpressureSubscriberHoldsThePublisherBackAndLosesNothing() throws Exception {
    String topic = "slow";
    SinkQueueWithCancel<HubSource.Element<String>> queue = subscribe(1, topic, Policy.BACKPRESSURE, 1);
    int count = 10_000;
    AtomicLong confirmed = new AtomicLong();
    publishInBackground(publisher(cluster.node(0), hubs.get(0).hub(), topic), "v", count, confirmed);

    // The subscriber pulls nothing: the publisher is held back after a bounded number of values.
    await().atMost(30, TimeUnit.SECONDS).until(() -> confirmed.get() > CAPACITY);
    await().during(Duration.ofSeconds(2)).atMost(10, TimeUnit.SECONDS)
        .until(() -> confirmed.get() <= IN_FLIGHT_BOUND);
    assertThat(confirmed.get()).isLessThan(count);

    List<HubSource.Element<String>> received = pullUntil(queue, "v" + (count - 1));
    assertThat(valuesFrom(received, "v")).containsExactlyElementsOf(expected("v", count));
    assertThat(received).noneMatch(e -> e instanceof HubSource.Lagged);
    assertThat(confirmed.get()).isEqualTo(count);
    queue.cancel();
  }

  @Test
  void aSlowRemoteLagSubscriberIsToldWhatItMissedAndNeverHoldsThePublisherBack() throws Exception {
    String topic = "lagging";
    SinkQueueWithCancel<HubSource.Element<String>> queue = subscribe(1, topic, Policy.LAG, 1);
    int count = 10_000;
    AtomicLong confirmed = new AtomicLong();
    Thread publisher = publishInBackground(publisher(cluster.node(0), hubs.get(0).hub(), topic), "v", count,
        confirmed);

    // The subscriber pulls nothing, yet the publisher gets through everything.
    publisher.join(30_000);
    assertThat(confirmed.get()).isEqualTo(count);

    List<HubSource.Element<String>> received = pullUntil(queue, "v" + (count - 1));
    long missed = received.stream().filter(e -> e instanceof HubSource.Lagged)
        .mapToLong(e -> ((HubSource.Lagged<String>) e).missed()).sum();
    List<String> values = valuesFrom(received, "v");
    assertThat(missed).isPositive();
    assertThat(values.size() + missed).isEqualTo(count);
    assertThat(values).isSortedAccordingTo((x, y) -> Integer.compare(number(x), number(y)));
    queue.cancel();
  }

  /** Subscribes on node {@code on} into a queue and waits until every node has the subscription. */
  private static SinkQueueWithCancel<HubSource.Element<String>> subscribe(int on, String topic, Policy policy,
      int buffer) throws Exception {
    Pair<CompletionStage<Done>, SinkQueueWithCancel<HubSource.Element<String>>> mat = hubs.get(on)
        .subscribe(topic, policy).toMat(Sink.queue(buffer), Keep.both()).run(cluster.node(on).system());
    mat.first().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return mat.second();
  }

  private static int number(String value) {
    return Integer.parseInt(value.substring(1));
  }
}
