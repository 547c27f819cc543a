package io.tributary.cluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.remote.RARP;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;

/**
 * Nodes of one cluster in this JVM, for tests: each on a free Artery port, the Split Brain Resolver
 * deciding after two seconds of stable membership, all joined to the first. {@link #blackhole}
 * cuts a node off from another the way Pekko's multi-node testkit does (Artery's test mode, set in
 * the test {@code application.conf}).
 */
public final class LocalCluster implements AutoCloseable {

  /** How long the Split Brain Resolver waits in tests. */
  public static final Duration STABLE_AFTER = Duration.ofSeconds(2);

  private final String name;
  private final List<ClusterNode> nodes = new ArrayList<>();

  private LocalCluster(String name) {
    this.name = name;
  }

  /**
   * Starts {@code n} nodes and waits until every one sees all of them {@code Up}.
   *
   * @param name the actor systems' name (one per test class keeps logs apart)
   * @param n how many nodes
   * @return the cluster
   */
  public static LocalCluster start(String name, int n) {
    LocalCluster cluster = new LocalCluster(name);
    try {
      for (int i = 0; i < n; i++) {
        cluster.add();
      }
      cluster.awaitUp(n);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more node, joined to the first (or forming the cluster when it is the first). */
  public ClusterNode add() {
    ClusterNode node = ClusterNode.start(ClusterSettings.create().withSystemName(name).withPort(0)
        .withStableAfter(STABLE_AFTER));
    node.join(nodes.isEmpty() ? node.address() : nodes.get(0).address());
    nodes.add(node);
    return node;
  }

  /** @return the nodes, in start order */
  public List<ClusterNode> nodes() {
    return List.copyOf(nodes);
  }

  /** @return node {@code i} (0 is the first) */
  public ClusterNode node(int i) {
    return nodes.get(i);
  }

  /** Waits (up to 30 s) until every running node sees {@code members} members, all {@code Up}. */
  public void awaitUp(int members) {
    await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> nodes.stream()
        .filter(n -> !n.system().whenTerminated().isCompleted())
        .allMatch(n -> upMembers(n) == members));
  }

  /** @return how many {@code Up} members {@code node} sees */
  public static long upMembers(ClusterNode node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .map(Member::status).filter(MemberStatus.up()::equals).count();
  }

  /**
   * Drops everything between {@code a} and {@code b}, both ways, as a network partition would.
   */
  public static void blackhole(ClusterNode a, ClusterNode b) {
    throttle(a, b.pekkoAddress());
    throttle(b, a.pekkoAddress());
  }

  /** Ends a {@link #blackhole} between {@code a} and {@code b}. */
  public static void heal(ClusterNode a, ClusterNode b) {
    throttle(a, b.pekkoAddress(), ThrottlerTransportAdapter.unthrottledThrottleMode());
    throttle(b, a.pekkoAddress(), ThrottlerTransportAdapter.unthrottledThrottleMode());
  }

  private static void throttle(ClusterNode on, Address towards) {
    throttle(on, towards, ThrottlerTransportAdapter.blackholeThrottleMode());
  }

  private static void throttle(ClusterNode on, Address towards, ThrottlerTransportAdapter.ThrottleMode mode) {
    RARP rarp = (RARP) RARP.get(on.system());
    try {
      rarp.provider().transport().managementCommand(new ThrottlerTransportAdapter.SetThrottle(towards,
          ThrottlerTransportAdapter.bothDirection(), mode))
          .result(scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS), null);
    } catch (Exception e) {
      throw new IllegalStateException("could not blackhole " + towards + " from " + on.address(), e);
    }
  }

  /**
   * Stops the nodes one by one, the newest first: each leaves a cluster whose other members are still up, which is
   * quick (nodes leaving all at once wait for each other until Pekko's exiting phase times out).
   */
  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      ClusterNode node = nodes.get(i);
      node.system().terminate();
      try {
        node.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a node that does not terminate in time is left to the JVM's end
      }
    }
  }
}
