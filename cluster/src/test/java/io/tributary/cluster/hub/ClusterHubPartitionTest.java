package io.tributary.cluster.hub;

import static io.tributary.cluster.hub.HubFixtures.publishInBackground;
import static io.tributary.cluster.hub.HubFixtures.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.HubSettings;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.cluster.LocalCluster;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node with a BACKPRESSURE subscriber is cut off: the publishers on the other nodes stop being
 * held back once the Split Brain Resolver downed it, within failure detection + stable-after +
 * removal.
 */
class ClusterHubPartitionTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterHubPartitionTest.class);
  /** Failure detection (about 7.5 s seen), SBR stable-after (2 s in tests), removal; generous on a busy machine. */
  private static final Duration UNBLOCK_BOUND = Duration.ofSeconds(40);

  @Test
  void aBlackholedSubscriberNodeStopsHoldingThePublisherBack() throws Exception {
    try (LocalCluster cluster = LocalCluster.start("hub-partition", 3)) {
      List<ClusterHub<String>> hubs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        hubs.add(ClusterHub.start(cluster.node(i), "events", HubSettings.defaults().withDefaultCapacity(16)));
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> hubs.stream().allMatch(h -> h.nodes().size() == 3));
      String topic = "held";
      SinkQueueWithCancel<HubSource.Element<String>> stalled = hubs.get(2).subscribe(topic, Policy.BACKPRESSURE)
          .toMat(Sink.queue(1), (attached, queue) -> {
            attached.toCompletableFuture().join();
            return queue;
          }).run(cluster.node(2).system());
      int count = 3_000;
      AtomicLong confirmed = new AtomicLong();
      publishInBackground(publisher(cluster.node(0), hubs.get(0).hub(), topic), "v", count, confirmed);
      // The publisher on node 0 is held back by the subscriber on node 2, which pulls nothing.
      await().atMost(30, TimeUnit.SECONDS).until(() -> confirmed.get() > 16);
      await().during(Duration.ofSeconds(1)).atMost(10, TimeUnit.SECONDS).until(() -> confirmed.get() < count);
      long heldAt = confirmed.get();

      long cut = System.nanoTime();
      LocalCluster.blackhole(cluster.node(2), cluster.node(0));
      LocalCluster.blackhole(cluster.node(2), cluster.node(1));
      await().atMost(UNBLOCK_BOUND.toSeconds() + 20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
          .until(() -> confirmed.get() == count);
      long unblockedMs = (System.nanoTime() - cut) / 1_000_000;
      log.info("publisher held at {} of {} values; proceeded {} ms after the subscriber node was cut off", heldAt,
          count, unblockedMs);
      assertThat(unblockedMs).isLessThan(UNBLOCK_BOUND.toMillis());
      assertThat(LocalCluster.upMembers(cluster.node(0))).isEqualTo(2);
      stalled.cancel();
    }
  }
}
