package io.tributary.cluster.hub;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamRefAttributes;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber's side of one {@link ClusterHub#subscribe} materialization: follows the
 * Receptionist's listing of the hub's servers and attaches each node's stream of the topic to the
 * subscriber's merge (the local hub directly, the others through a StreamRef their server hands
 * out). A node's stream that ends (its node left or failed) is logged and dropped; the others go on.
 * Stops, cancelling every node's stream, when told {@link Stop} (the merged source ended).
 */
final class SubscriptionAttacher {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionAttacher.class);

  /** How long a node's server may take to answer an {@link HubServer.Open}. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

  private SubscriptionAttacher() {}

  /** What the attacher accepts; all local. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** The merged source ended: cancel every node's stream and stop. */
  record Stop() implements Command {}

  private record Listed(Set<ActorRef<HubServer.Command>> servers) implements Command {}

  private record Attached(ActorRef<HubServer.Command> server, HubServer.Opened opened, Throwable error)
      implements Command {}

  private record Ended(ActorRef<HubServer.Command> server, Throwable error) implements Command {}

  /**
   * @param key the hub's service key
   * @param localHub this node's hub
   * @param topic the topic
   * @param policy the subscription's policy on every node
   * @param merge where every node's elements go
   * @param attached completed once every node of the first listing has the subscription
   */
  static <T> Behavior<Command> create(ServiceKey<HubServer.Command> key, ActorRef<EventHub.Command<T>> localHub,
      String topic, Policy policy, Sink<HubSource.Element<T>, NotUsed> merge, CompletableFuture<Done> attached) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(key,
          ctx.messageAdapter(Receptionist.Listing.class, l -> new Listed(l.getServiceInstances(key)))));
      return new Attacher<>(ctx, localHub, topic, policy, merge, attached).behavior();
    });
  }

  private static final class Attacher<T> {
    private final ActorContext<Command> ctx;
    private final ActorRef<EventHub.Command<T>> localHub;
    private final String topic;
    private final Policy policy;
    private final Sink<HubSource.Element<T>, NotUsed> merge;
    private final CompletableFuture<Done> attached;
    private final Materializer materializer;
    /** Servers asked or attached, with the kill switch of their stream once it runs. */
    private final Map<ActorRef<HubServer.Command>, UniqueKillSwitch> streams = new HashMap<>();
    /** Servers of the first listing still to attach; {@code null} before the first listing. */
    private Set<ActorRef<HubServer.Command>> pendingFirst;

    Attacher(ActorContext<Command> ctx, ActorRef<EventHub.Command<T>> localHub, String topic, Policy policy,
        Sink<HubSource.Element<T>, NotUsed> merge, CompletableFuture<Done> attached) {
      this.ctx = ctx;
      this.localHub = localHub;
      this.topic = topic;
      this.policy = policy;
      this.merge = merge;
      this.attached = attached;
      this.materializer = Materializer.matFromSystem(ctx.getSystem());
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Listed.class, this::listed)
          .onMessage(Attached.class, this::attached)
          .onMessage(Ended.class, this::ended)
          .onMessage(Stop.class, s -> {
            streams.values().forEach(k -> {
              if (k != null) {
                k.shutdown();
              }
            });
            attached.completeExceptionally(new IllegalStateException("the subscription ended"));
            return Behaviors.stopped();
          })
          .build();
    }

    private Behavior<Command> listed(Listed listed) {
      boolean first = pendingFirst == null;
      if (first) {
        pendingFirst = new HashSet<>();
      }
      for (ActorRef<HubServer.Command> server : listed.servers()) {
        if (streams.containsKey(server)) {
          continue;
        }
        streams.put(server, null);
        if (first) {
          pendingFirst.add(server);
        }
        if (server.path().address().hasLocalScope()) {
          attachLocal(server);
        } else {
          ctx.ask(HubServer.Opened.class, server, OPEN_TIMEOUT,
              replyTo -> new HubServer.Open(topic, policy, replyTo),
              (opened, error) -> new Attached(server, opened, error));
        }
      }
      checkFirst();
      return Behaviors.same();
    }

    private void attachLocal(ActorRef<HubServer.Command> server) {
      Pair<Pair<CompletionStage<EventHub.Subscribed<T>>, UniqueKillSwitch>, CompletionStage<Done>> mat =
          HubSource.elements(localHub, topic, policy)
              .viaMat(KillSwitches.single(), Keep.both())
              .watchTermination(Keep.both())
              .recoverWithRetries(1, Throwable.class, Source::empty)
              .to(merge)
              .run(materializer);
      streams.put(server, mat.first().second());
      mat.second().whenComplete((d, e) -> ctx.getSelf().tell(new Ended(server, e)));
      ctx.pipeToSelf(mat.first().first(), (s, error) -> new Attached(server, null, error));
    }

    private Behavior<Command> attached(Attached a) {
      if (!streams.containsKey(a.server())) {
        return Behaviors.same();
      }
      if (a.error() != null || (a.opened() != null && a.opened().error() != null)) {
        String why = a.error() != null ? a.error().toString() : a.opened().error();
        log.warn("hub subscription to '{}' on {} failed: {}; the other nodes go on", topic,
            a.server().path().address(), why);
        UniqueKillSwitch k = streams.remove(a.server());
        if (k != null) {
          k.shutdown();
        }
      } else if (a.opened() != null) {
        Pair<UniqueKillSwitch, CompletionStage<Done>> mat = a.opened().source().getSource()
            .withAttributes(StreamRefAttributes.bufferCapacity(ClusterHub.STREAM_REF_BUFFER))
            .mapConcat(WireBatch::elements)
            .map(WireElement::<T>element)
            .viaMat(KillSwitches.single(), Keep.right())
            .watchTermination(Keep.both())
            .recoverWithRetries(1, Throwable.class, Source::empty)
            .to(merge)
            .run(materializer);
        streams.put(a.server(), mat.first());
        mat.second().whenComplete((d, e) -> ctx.getSelf().tell(new Ended(a.server(), e)));
        log.debug("hub subscription to '{}' attached to {}", topic, a.server().path().address());
      }
      if (pendingFirst != null) {
        pendingFirst.remove(a.server());
      }
      checkFirst();
      return Behaviors.same();
    }

    private Behavior<Command> ended(Ended e) {
      if (e.error() != null) {
        log.warn("hub subscription to '{}': the stream of {} failed ({}); the other nodes go on", topic,
            e.server().path().address(), e.error().toString());
      } else {
        log.info("hub subscription to '{}': the stream of {} ended", topic, e.server().path().address());
      }
      return Behaviors.same();
    }

    private void checkFirst() {
      if (pendingFirst != null && pendingFirst.isEmpty()) {
        attached.complete(Done.getInstance());
      }
    }
  }
}
