package io.tributary.cluster.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.cluster.ClusterNode;
import io.tributary.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.junit.jupiter.api.Test;

/** Keyed workers on Cluster Sharding: per-key order across nodes and rebalances, answers, repeats, passivation. */
class KeyedWorkersTest {

  /** What a worker ran: the key, the sequence number (the payload) and the node it ran on. */
  record Ran(String key, int seq, String node) {}

  private static KeyedWorkers<Integer> startOn(ClusterNode node, String name, KeyedWorkerSettings settings,
      List<Ran> ran) {
    String where = node.address().toString();
    return KeyedWorkers.start(node, name, settings, work -> {
      ran.add(new Ran(work.key(), work.payload(), where));
      CompletableFuture<Done> done = new CompletableFuture<>();
      TIMER.schedule(() -> done.complete(Done.getInstance()), 2, TimeUnit.MILLISECONDS);
      return done;
    });
  }

  /** Simulated I/O (not CompletableFuture.delayedExecutor: on 2 cores its tasks run on a new thread each). */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "keyed-workers-test-io");
    t.setDaemon(true);
    return t;
  });

  /**
   * Sends {@code perKey} messages for each of {@code keys} keys from {@code sender}, one in flight per key
   * (the next sent when the previous finished), as the runner's ORDERED_PER_KEY mode does; message {@code seq}
   * of every key waits for {@code gates.get(seq)} if there is one.
   */
  private static CompletableFuture<Void> drive(KeyedWorkers<Integer> sender, int keys, int perKey,
      AtomicInteger finished, Map<Integer, CompletableFuture<Void>> gates) {
    List<CompletableFuture<Done>> chains = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      String key = "key-" + k;
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (int seq = 0; seq < perKey; seq++) {
        int s = seq;
        CompletableFuture<Void> gate = gates.getOrDefault(s, CompletableFuture.completedFuture(null));
        chain = chain.thenCombine(gate, (d, g) -> d)
            .thenCompose(d -> sender.process(new KeyedWorkers.Work<>(key, "orders-0", s, s)))
            .thenApply(d -> {
              finished.incrementAndGet();
              return d;
            });
      }
      chains.add(chain.toCompletableFuture());
    }
    return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new));
  }

  @Test
  void perKeyOrderHoldsAcrossNodesWhileShardsRebalance() throws Exception {
    try (LocalCluster cluster = LocalCluster.start("keyed-order", 3)) {
      List<Ran> ran = new CopyOnWriteArrayList<>();
      KeyedWorkerSettings settings = KeyedWorkerSettings.create().withAskTimeout(Duration.ofSeconds(3));
      List<KeyedWorkers<Integer>> workers = new ArrayList<>();
      for (ClusterNode node : cluster.nodes()) {
        workers.add(startOn(node, "order", settings, ran));
      }
      int keys = 40;
      int perKey = 150;
      AtomicInteger finished = new AtomicInteger();
      // A third of every key's messages flows while a fourth node joins and the third node leaves (its shards
      // hand off with messages in flight); the last third waits until the third node is gone, so the keys it
      // hosted are processed elsewhere afterwards, whatever the speed.
      CompletableFuture<Void> leaving = new CompletableFuture<>();
      CompletableFuture<Void> gone = new CompletableFuture<>();
      CompletableFuture<Void> all = drive(workers.get(0), keys, perKey, finished,
          Map.of(perKey / 3, leaving, 2 * perKey / 3, gone));

      await().atMost(60, TimeUnit.SECONDS).until(() -> finished.get() >= keys * (perKey / 3));
      ClusterNode joined = cluster.add();
      startOn(joined, "order", settings, ran);
      CompletionStage<Done> removed = cluster.node(2).leave();
      leaving.complete(null);
      cluster.awaitUp(3);
      removed.toCompletableFuture().get(60, TimeUnit.SECONDS);
      gone.complete(null);

      all.get(120, TimeUnit.SECONDS);

      Map<String, List<Integer>> firstRuns = new HashMap<>();
      Map<String, Set<Integer>> seen = new HashMap<>();
      Map<String, Set<String>> nodesOfKey = new HashMap<>();
      for (Ran r : ran) {
        nodesOfKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.node());
        if (seen.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.seq())) {
          firstRuns.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.seq());
        }
      }
      assertThat(firstRuns).hasSize(keys);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < perKey; i++) {
        expected.add(i);
      }
      firstRuns.forEach((key, seqs) -> assertThat(seqs).as("order of key %s", key).isEqualTo(expected));
      // the rebalances really moved keys between nodes
      assertThat(nodesOfKey.values().stream().filter(n -> n.size() > 1).count()).isGreaterThan(0);
      // a run twice is a repeat after a lost answer, never a reordering
      assertThat(ran.size() - keys * perKey).isLessThan(keys * perKey / 10);
    }
  }

  @Test
  void aFailedHandlerFailsTheSenderAndARepeatOfFinishedWorkDoesNotRunTwice() throws Exception {
    try (LocalCluster cluster = LocalCluster.start("keyed-answers", 2)) {
      Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
      List<KeyedWorkers<String>> workers = new ArrayList<>();
      for (ClusterNode node : cluster.nodes()) {
        workers.add(KeyedWorkers.start(node, "answers", KeyedWorkerSettings.create(), work -> {
          runs.computeIfAbsent(work.key() + "@" + work.position(), k -> new AtomicInteger()).incrementAndGet();
          if (work.payload().equals("poison")) {
            throw new IllegalArgumentException("cannot digest poison");
          }
          return CompletableFuture.completedFuture(work.payload());
        }));
      }
      KeyedWorkers<String> sender = workers.get(1);
      for (int k = 0; k < 20; k++) {
        sender.process(new KeyedWorkers.Work<>("k" + k, "orders-1", 7, "ok")).toCompletableFuture().get(30,
            TimeUnit.SECONDS);
        sender.process(new KeyedWorkers.Work<>("k" + k, "orders-1", 7, "ok")).toCompletableFuture().get(30,
            TimeUnit.SECONDS);
        assertThat(runs.get("k" + k + "@7")).hasValue(1);
      }
      // the same position of another partition is other work: it runs
      sender.process(new KeyedWorkers.Work<>("k0", "orders-2", 7, "ok")).toCompletableFuture().get(30,
          TimeUnit.SECONDS);
      assertThat(runs.get("k0@7")).hasValue(2);
      CompletableFuture<Done> poisoned = sender.process("k1", "poison").toCompletableFuture();
      assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(KeyedWorkException.class)
          .hasMessageContaining("the worker of key 'k1' failed")
          .hasMessageContaining("cannot digest poison");
      // the key's worker goes on after a failure
      sender.process(new KeyedWorkers.Work<>("k1", "orders-1", 8, "ok")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(runs.get("k1@8")).hasValue(1);
    }
  }

  @Test
  void idleWorkersPassivate() throws Exception {
    try (LocalCluster cluster = LocalCluster.start("keyed-idle", 1)) {
      ClusterNode node = cluster.node(0);
      KeyedWorkers<String> workers = KeyedWorkers.start(node, "idle",
          KeyedWorkerSettings.create().withPassivateAfter(Duration.ofMillis(500)),
          work -> CompletableFuture.completedFuture(work.payload()));
      for (int k = 0; k < 10; k++) {
        workers.process("k" + k, "x").toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      EntityTypeKey<?> typeKey = EntityTypeKey.create(KeyedWorker.Command.class, workers.typeName());
      TestProbe<ShardRegion.CurrentShardRegionState> probe = TestProbe.create(node.system());
      await().atMost(30, TimeUnit.SECONDS).until(() -> {
        ClusterSharding.get(node.system()).shardState().tell(new GetShardRegionState(typeKey, probe.getRef()));
        ShardRegion.CurrentShardRegionState state = probe.receiveMessage(Duration.ofSeconds(10));
        int entities = 0;
        for (ShardRegion.ShardState shard : state.getShards()) {
          entities += shard.getEntityIds().size();
        }
        return entities == 0;
      });
    }
  }
}
