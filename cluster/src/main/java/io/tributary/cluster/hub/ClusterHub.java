package io.tributary.cluster.hub;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubSettings;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.cluster.ClusterNode;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A hub that spans the cluster: start it on every node with the same name; a subscriber on any
 * node receives what is published on the topic on every node, including nodes that join later.
 *
 * <pre>{@code
 * ClusterHub<Order> orders = ClusterHub.start(node, "orders");
 * // publish locally (fast, no network hop): the EventHub protocol, HubSink or a HubPublisher
 * orders.hub().tell(new EventHub.Publish<>("created", order));
 * // subscribe to every node's "created" topic
 * CompletionStage<Done> attached = orders.subscribe("created", Policy.BACKPRESSURE)
 *     .to(Sink.foreach(e -> audit(e))).run(system);
 * }</pre>
 *
 * <p>Each node runs its own {@link EventHub} and a small server registered with the Receptionist
 * under a {@link ServiceKey} per hub name. A subscription subscribes to the local hub directly and
 * asks every other node's server for a Pekko StreamRef of {@code HubSource.elements(hub, topic,
 * policy)} on that node, then merges them; the Receptionist's listing updates attach nodes that
 * join later. Order holds per publishing node (each node's values arrive in that node's publish
 * order), not across nodes.
 *
 * <p>Policies across nodes: with {@link Policy#BACKPRESSURE} nothing is lost while both nodes are
 * up, and a slow subscriber paces the publishers of every node through StreamRef demand; memory
 * stays bounded: on the publishing node the topic's capacity, plus up to one and a half hub batches
 * ({@code tributary.hub.max-batch}) in the node's HubSource, plus one wire batch being formed ({@link
 * #MAX_WIRE_BATCH} elements); on the subscriber's node the StreamRef buffer ({@link #STREAM_REF_BUFFER}
 * messages of up to {@link #MAX_WIRE_BATCH} elements) and the merge's buffer per node ({@link
 * #PER_NODE_BUFFER}). Elements cross in batches that form only while the subscriber lags behind. With {@link Policy#LAG} the
 * publishers are never held back: the subscription skips ahead on the publishing node and the
 * subscriber gets {@link HubSource.Lagged} elements.
 *
 * <p>A node that leaves, crashes or is cut off stops holding the publishers back once it is removed
 * from the cluster (failure detection, then the Split Brain Resolver's {@code stable-after}, then
 * downing: see the README's Clustering section for the figure measured): its streams are cancelled
 * on the publishing nodes. A subscriber whose stream from one node fails keeps receiving from the
 * others (the failure is logged); that node's values are not received again by this subscription.
 *
 * @param <T> the topic values' type (cross nodes: it needs a Pekko serializer binding, e.g. {@code
 *     TributarySerializable})
 */
public final class ClusterHub<T> {

  /** Elements buffered per node in a subscription's merge. */
  public static final int PER_NODE_BUFFER = 16;
  /** StreamRef messages (batches of up to 64 elements) a subscriber asks for ahead, per remote node. */
  public static final int STREAM_REF_BUFFER = 8;
  /** Most elements in one StreamRef message: batches form only while the subscriber's demand lags. */
  public static final int MAX_WIRE_BATCH = WireBatch.MAX;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicLong SUBSCRIPTIONS = new AtomicLong();

  private final ClusterNode node;
  private final String name;
  private final ServiceKey<HubServer.Command> key;
  private final ActorRef<EventHub.Command<T>> hub;

  private ClusterHub(ClusterNode node, String name, ServiceKey<HubServer.Command> key,
      ActorRef<EventHub.Command<T>> hub) {
    this.node = node;
    this.name = name;
    this.key = key;
    this.hub = hub;
  }

  /**
   * Starts this node's part of hub {@code name} with the hub settings of the node's config ({@code
   * tributary.hub}). Returns once the node's Receptionist lists it.
   *
   * @param node the cluster node
   * @param name the hub's name, the same on every node
   * @param <T> the values' type
   * @return the hub
   */
  public static <T> ClusterHub<T> start(ClusterNode node, String name) {
    Objects.requireNonNull(node, "node");
    return start(node, name, HubSettings.fromConfig(node.system().settings().config()));
  }

  /**
   * Starts this node's part of hub {@code name} with the given local hub settings.
   *
   * @param node the cluster node
   * @param name the hub's name, the same on every node
   * @param settings the settings of this node's {@link EventHub}
   * @param <T> the values' type
   * @return the hub
   */
  public static <T> ClusterHub<T> start(ClusterNode node, String name, HubSettings settings) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    String actorName = name.replaceAll("[^A-Za-z0-9-]", "-");
    ServiceKey<HubServer.Command> key = ServiceKey.create(HubServer.Command.class, "tributary-hub-" + name);
    ActorRef<EventHub.Command<T>> hub = node.tributary().spawn(EventHub.<T>create(settings), "hub-" + actorName);
    CompletableFuture<Done> registered = new CompletableFuture<>();
    node.tributary().spawn(HubServer.create(key, hub, registered), "hub-server-" + actorName);
    try {
      registered.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("hub '" + name + "' was not registered with the Receptionist within "
          + START_TIMEOUT, e);
    }
    return new ClusterHub<>(node, name, key, hub);
  }

  /** @return the hub's name */
  public String name() {
    return name;
  }

  /**
   * @return this node's hub: publish here (the {@link EventHub} protocol, {@code HubSink}, a {@code
   *     HubPublisher}); publishing stays local, subscribers on other nodes pull from it
   */
  public ActorRef<EventHub.Command<T>> hub() {
    return hub;
  }

  /**
   * @return the addresses of the nodes this node's Receptionist lists for this hub now (eventually
   *     consistent: a node that just started the hub may be missing for a moment)
   */
  public Set<Address> nodes() {
    Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
            node.system().receptionist(), replyTo -> Receptionist.find(key, replyTo), Duration.ofSeconds(10),
            node.system().scheduler())
        .toCompletableFuture().join();
    return listing.getServiceInstances(key).stream()
        .map(ref -> ref.path().address().hasLocalScope() ? node.pekkoAddress() : ref.path().address())
        .collect(Collectors.toSet());
  }

  /**
   * Subscribes to {@code topic} on every node of the hub: the source receives each node's values in
   * that node's publish order (and, with LAG, {@link HubSource.Lagged} where a node skipped values).
   * Each materialization is a subscription of its own; cancelling the stream ends it on every node.
   * The source does not complete when a node's topic closes or a node leaves.
   *
   * @param topic the topic (created with the hub's defaults on a node where it is new)
   * @param policy the subscription's policy on every node
   * @return the merged elements; the materialized value completes once every node the Receptionist
   *     listed at materialization has the subscription active (publish after that to be sure the
   *     subscription sees it); nodes that come later attach as they appear
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Source<HubSource.Element<T>, CompletionStage<Done>> subscribe(String topic, Policy policy) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(policy, "policy");
    Class<HubSource.Element<T>> type = (Class) HubSource.Element.class;
    return MergeHub.of(type, PER_NODE_BUFFER)
        .mapMaterializedValue(merge -> {
          CompletableFuture<Done> attached = new CompletableFuture<>();
          ActorRef<SubscriptionAttacher.Command> attacher = node.system().systemActorOf(
              SubscriptionAttacher.create(key, hub, topic, policy, merge, attached),
              "hub-subscription-" + SUBSCRIPTIONS.incrementAndGet(), Props.empty());
          return Pair.of(attacher, attached);
        })
        .watchTermination((pair, done) -> {
          done.whenComplete((d, e) -> pair.first().tell(new SubscriptionAttacher.Stop()));
          return (CompletionStage<Done>) pair.second();
        });
  }

  /** The attacher and its attached-future, between two materialization steps. */
  private record Pair<A, B>(A first, B second) {
    static <A, B> Pair<A, B> of(A a, B b) {
      return new Pair<>(a, b);
    }
  }
}
