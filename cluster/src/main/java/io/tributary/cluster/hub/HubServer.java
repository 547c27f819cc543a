package io.tributary.cluster.hub;

import io.tributary.actors.TributarySerializable;
import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of a {@link ClusterHub}: registered with the Receptionist under the hub's {@link
 * ServiceKey}, it answers a remote subscriber's {@link Open} with a {@link SourceRef} of {@code
 * HubSource.elements(localHub, topic, policy)}. The subscription on the local hub is active when
 * the answer leaves, so every value published afterwards reaches the subscriber. Streams of a
 * member that was removed from the cluster are cancelled here (the StreamRef's death watch does the
 * same; this does not rely on it), so a gone subscriber stops holding the publishers back.
 */
final class HubServer {

  private static final Logger log = LoggerFactory.getLogger(HubServer.class);

  private HubServer() {}

  /** What the server accepts. */
  sealed interface Command {}

  /**
   * A remote subscriber asks for the topic's elements on this node.
   *
   * @param topic the topic
   * @param policy the subscription's policy on this node's hub
   * @param replyTo gets {@link Opened}
   */
  record Open(String topic, Policy policy, ActorRef<Opened> replyTo) implements Command, TributarySerializable {}

  /**
   * The answer to {@link Open}: the stream of the topic on this node (run it within the StreamRef
   * subscription timeout), or why there is none.
   *
   * @param source the elements, {@code null} on error
   * @param error why the subscription failed, {@code null} on success
   */
  record Opened(SourceRef<WireBatch> source, String error) implements TributarySerializable {}

  private record Subscribed(long id, ActorRef<Opened> replyTo, SourceRef<WireBatch> source, Throwable error)
      implements Command, NoSerializationVerificationNeeded {}

  private record Ended(long id) implements Command, NoSerializationVerificationNeeded {}

  private record MemberRemoved(Address member) implements Command, NoSerializationVerificationNeeded {}

  private record Registered() implements Command, NoSerializationVerificationNeeded {}

  /** A running stream of a remote subscriber. */
  private record Stream(Address subscriber, UniqueKillSwitch killSwitch) {}

  /**
   * @param key the hub's service key
   * @param hub the node's local hub
   * @param registered completed once the local Receptionist lists this server
   */
  static Behavior<Command> create(ServiceKey<Command> key, ActorRef<? extends EventHub.Command<?>> hub,
      CompletableFuture<Done> registered) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf(),
          ctx.messageAdapter(Receptionist.Registered.class, r -> new Registered())));
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberRemoved.class, e -> new MemberRemoved(e.member().address())),
          ClusterEvent.MemberRemoved.class));
      return new Server(ctx, hub, registered).behavior();
    });
  }

  private static final class Server {
    private final ActorContext<Command> ctx;
    @SuppressWarnings("rawtypes")
    private final ActorRef hub;
    private final CompletableFuture<Done> registered;
    private final Materializer materializer;
    private final Map<Long, Stream> streams = new HashMap<>();
    private long nextId;

    Server(ActorContext<Command> ctx, ActorRef<? extends EventHub.Command<?>> hub,
        CompletableFuture<Done> registered) {
      this.ctx = ctx;
      this.hub = hub;
      this.registered = registered;
      this.materializer = Materializer.matFromSystem(ctx.getSystem());
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Registered.class, r -> {
            registered.complete(Done.getInstance());
            return Behaviors.same();
          })
          .onMessage(Open.class, this::open)
          .onMessage(Subscribed.class, this::subscribed)
          .onMessage(Ended.class, e -> {
            streams.remove(e.id());
            return Behaviors.same();
          })
          .onMessage(MemberRemoved.class, this::memberRemoved)
          .build();
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> open(Open open) {
      long id = nextId++;
      Address subscriber = open.replyTo().path().address();
      Pair<Pair<CompletionStage<EventHub.Subscribed<Object>>, UniqueKillSwitch>, SourceRef<WireBatch>> mat =
          HubSource.elements((ActorRef<EventHub.Command<Object>>) hub, open.topic(), open.policy())
              .map(WireElement::of)
              .batch(WireBatch.MAX, WireBatch::of, WireBatch::add)
              .viaMat(KillSwitches.single(), Keep.both())
              .watchTermination((m, done) -> {
                done.whenComplete((d, e) -> ctx.getSelf().tell(new Ended(id)));
                return m;
              })
              .toMat(StreamRefs.sourceRef(), Keep.both())
              .run(materializer);
      streams.put(id, new Stream(subscriber, mat.first().second()));
      SourceRef<WireBatch> ref = mat.second();
      ctx.pipeToSelf(mat.first().first(), (s, error) -> new Subscribed(id, open.replyTo(), ref, error));
      log.debug("hub server {}: {} subscribes to '{}' ({})", ctx.getSelf().path(), subscriber, open.topic(),
          open.policy());
      return Behaviors.same();
    }

    private Behavior<Command> subscribed(Subscribed s) {
      if (s.error() == null) {
        s.replyTo().tell(new Opened(s.source(), null));
      } else {
        Stream stream = streams.remove(s.id());
        if (stream != null) {
          stream.killSwitch().shutdown();
        }
        s.replyTo().tell(new Opened(null, String.valueOf(s.error())));
      }
      return Behaviors.same();
    }

    private Behavior<Command> memberRemoved(MemberRemoved removed) {
      streams.values().removeIf(stream -> {
        if (stream.subscriber().equals(removed.member())) {
          log.info("hub server {}: member {} removed, cancelling its subscription", ctx.getSelf().path(),
              removed.member());
          stream.killSwitch().abort(new IllegalStateException("subscriber node " + removed.member() + " removed"));
          return true;
        }
        return false;
      });
      return Behaviors.same();
    }
  }
}
