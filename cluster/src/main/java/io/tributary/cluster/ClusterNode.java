package io.tributary.cluster;

import io.tributary.actors.node.Tributary;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a Tributary cluster: a {@link Tributary} whose actor system runs Pekko Cluster
 * (Artery on {@link ClusterSettings#hostname()}:{@link ClusterSettings#port()}, the Split Brain
 * Resolver downing unreachable nodes), with what spans nodes built on it: {@link
 * io.tributary.cluster.workers.KeyedWorkers} and the hub across nodes.
 *
 * <pre>{@code
 * ClusterNode node = ClusterNode.start(ClusterSettings.create().withPort(25520)
 *     .withSeedNode("10.0.0.1:25520").withSeedNode("10.0.0.2:25520"));
 * node.up().toCompletableFuture().join();            // a member of the cluster
 * ...
 * node.close();                                      // managed components stop, then the node leaves
 * }</pre>
 *
 * <p>Stopping (by {@link #close()}, {@link Tributary#stop()} or SIGTERM, which run Pekko's
 * CoordinatedShutdown) first stops the components the node's {@code Tributary} manages (stop
 * intake, drain, commit), then hands its shards off and leaves the cluster gracefully.
 */
public final class ClusterNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private final Tributary tributary;
  private final ClusterSettings settings;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Done> up = new CompletableFuture<>();
  private final CompletableFuture<Done> removed = new CompletableFuture<>();

  private ClusterNode(Tributary tributary, ClusterSettings settings) {
    this.tributary = tributary;
    this.settings = settings;
  }

  /**
   * Starts a node: its actor system binds Artery and, when the settings name seed nodes, joins
   * them. Returns at once; {@link #up()} completes when this node is an {@code Up} member.
   *
   * @param settings how to form the cluster
   * @return the node
   */
  public static ClusterNode start(ClusterSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Tributary tributary = Tributary.start(settings.systemName(), settings.toConfig());
    ClusterNode node = new ClusterNode(tributary, settings);
    tributary.system().systemActorOf(MembershipWatcher.create(node::membershipChanged), "tributary-membership",
        Props.empty());
    log.info("cluster node {} started ({})", node.address(), settings);
    return node;
  }

  /** @return the Tributary of this node: hubs, subscribers and managed components live in it */
  public Tributary tributary() {
    return tributary;
  }

  /** @return the node's actor system */
  public ActorSystem<?> system() {
    return tributary.system();
  }

  /** @return the settings the node started with */
  public ClusterSettings settings() {
    return settings;
  }

  /** @return where other nodes reach this one, {@code host:port} (the port Artery bound when it was 0) */
  public HostPort address() {
    Address a = Cluster.get(system()).selfMember().address();
    return new HostPort(a.host().get(), (Integer) a.port().get());
  }

  /** @return this node's Pekko address, {@code pekko://system@host:port} */
  public Address pekkoAddress() {
    return Cluster.get(system()).selfMember().address();
  }

  /**
   * Joins the cluster that {@code seed} belongs to (or forms one, when {@code seed} is this node's
   * own address). Needed only when the settings named no seed nodes.
   *
   * @param seed a node of the cluster, {@code host:port}
   */
  public void join(HostPort seed) {
    Address address = new Address("pekko", settings.systemName(), seed.host(), seed.port());
    Cluster.get(system()).manager().tell(Join.create(address));
  }

  /** @return completes once this node is an {@code Up} member of the cluster */
  public CompletionStage<Done> up() {
    return up;
  }

  /**
   * Whether this node is an {@code Up} member now: consistent with {@link #up()}. ({@code
   * Cluster.selfMember()} alone is not: another actor updates that view from the same cluster events,
   * so right after {@link #up()} completed it may still say {@code Joining} for a moment.)
   *
   * @return whether this node is an {@code Up} member now
   */
  public boolean isUp() {
    MemberStatus status = Cluster.get(system()).selfMember().status();
    if (status == MemberStatus.up()) {
      return true;
    }
    boolean viewLagging = status == MemberStatus.joining() || status == MemberStatus.weaklyUp();
    return viewLagging && up.isDone() && !removed.isDone();
  }

  /** @return completes once this node was removed from the cluster (it left, or was downed) */
  public CompletionStage<Done> removed() {
    return removed;
  }

  /**
   * Tells {@code listener} every membership change this node sees, as one line, e.g. {@code member
   * 127.0.0.1:25521 up} or {@code member 127.0.0.1:25522 unreachable}; the node also logs them.
   *
   * @param listener called on an actor's thread; keep it short
   */
  public void onMembershipChange(Consumer<String> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Leaves the cluster gracefully, without stopping the node's actor system: shards hand off to the
   * remaining nodes. {@link #close()} does this too, after stopping the managed components.
   *
   * @return completes when this node was removed
   */
  public CompletionStage<Done> leave() {
    Cluster.get(system()).manager().tell(Leave.create(pekkoAddress()));
    return removed;
  }

  /** Stops the managed components, leaves the cluster and terminates the actor system (waits up to a minute). */
  @Override
  public void close() {
    tributary.close();
  }

  /** @return a bound for a graceful stop of a node: drain, hand-off and leaving */
  public static Duration defaultStopTimeout() {
    return Duration.ofSeconds(60);
  }

  private void membershipChanged(MembershipWatcher.Change change) {
    String line = change.describe();
    if (change.member().equals(pekkoAddress())) {
      if (change.kind() == MembershipWatcher.Kind.UP) {
        up.complete(Done.getInstance());
      } else if (change.kind() == MembershipWatcher.Kind.REMOVED) {
        removed.complete(Done.getInstance());
      }
    }
    log.info("cluster node {}: {}", address(), line);
    for (Consumer<String> l : listeners) {
      try {
        l.accept(line);
      } catch (RuntimeException e) {
        log.warn("a membership listener failed: {}", e.toString());
      }
    }
  }
}
