package io.tributary.cluster.hub;

import io.tributary.actors.TributarySerializable;
import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of a {@link ClusterHub}: registered with the Receptionist under the hub's {@link
 * ServiceKey}, it answers a remote subscriber's {@link Open} with a session ({@link
 * ResumableSession}: the local hub subscription, numbered elements, a replay window) and a {@link
 * SourceRef} of it, and a {@link Resume} with a new SourceRef starting at the sequence number the
 * subscriber asks for. The subscription on the local hub is active when the answer leaves, so every
 * value published afterwards reaches the subscriber. A session ends when its subscriber sends
 * {@link Cancel}, when the subscriber's node is removed from the cluster, or after {@code
 * resume-timeout} without an attached StreamRef; the publishers are then released.
 */
final class HubServer {

  private static final Logger log = LoggerFactory.getLogger(HubServer.class);

  private HubServer() {}

  /** What the server accepts. */
  sealed interface Command {}

  /**
   * A remote subscriber asks for the topic's elements on this node: a new session.
   *
   * @param topic the topic
   * @param policy the subscription's policy on this node's hub
   * @param replyTo gets {@link Opened}
   */
  record Open(String topic, Policy policy, ActorRef<Opened> replyTo) implements Command, TributarySerializable {}

  /**
   * A remote subscriber whose stream from this node failed asks for a new one, starting at {@code
   * next}.
   *
   * @param session the session's id
   * @param next the sequence number of the first element the subscriber has not received
   * @param replyTo gets {@link Opened}
   */
  record Resume(String session, long next, ActorRef<Opened> replyTo) implements Command, TributarySerializable {}

  /**
   * The subscriber ended its subscription: end the session.
   *
   * @param session the session's id
   */
  record Cancel(String session) implements Command, TributarySerializable {}

  /**
   * The answer to {@link Open} and {@link Resume}: the stream of the topic on this node (run it
   * within the StreamRef subscription timeout), or why there is none.
   *
   * @param source the batches, {@code null} on error
   * @param session the session's id, {@code null} on error
   * @param from the sequence number of the stream's first element (above the asked one only when a
   *     LAG session no longer held it)
   * @param error why there is no stream (for a resume: what was lost), {@code null} on success
   */
  record Opened(SourceRef<WireBatch> source, String session, long from, String error)
      implements TributarySerializable {}

  private record Subscribed(String session, ActorRef<Opened> replyTo, Throwable error)
      implements Command, NoSerializationVerificationNeeded {}

  private record Detached(String session, long attachment, Throwable error)
      implements Command, NoSerializationVerificationNeeded {}

  private record IdleTimeout(String session, long attachment) implements Command, NoSerializationVerificationNeeded {}

  private record MemberRemoved(Address member) implements Command, NoSerializationVerificationNeeded {}

  private record Registered() implements Command, NoSerializationVerificationNeeded {}

  /**
   * @param key the hub's service key
   * @param hub the node's local hub
   * @param resumeTimeout how long a session waits without an attached StreamRef before it ends
   * @param registered completed once the local Receptionist lists this server
   */
  static Behavior<Command> create(ServiceKey<Command> key, ActorRef<? extends EventHub.Command<?>> hub,
      Duration resumeTimeout, CompletableFuture<Done> registered) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf(),
          ctx.messageAdapter(Receptionist.Registered.class, r -> new Registered())));
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberRemoved.class, e -> new MemberRemoved(e.member().address())),
          ClusterEvent.MemberRemoved.class));
      return new Server(ctx, timers, hub, resumeTimeout, registered).behavior();
    }));
  }

  /** A session and its current attachment. */
  private static final class Entry {
    final ResumableSession session;
    final Address subscriber;
    final String topic;
    final Policy policy;
    UniqueKillSwitch attached;
    long attachment;

    Entry(ResumableSession session, Address subscriber, String topic, Policy policy) {
      this.session = session;
      this.subscriber = subscriber;
      this.topic = topic;
      this.policy = policy;
    }
  }

  private static final class Server {
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    @SuppressWarnings("rawtypes")
    private final ActorRef hub;
    private final Duration resumeTimeout;
    private final CompletableFuture<Done> registered;
    private final Materializer materializer;
    private final Map<String, Entry> sessions = new HashMap<>();

    Server(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<? extends EventHub.Command<?>> hub,
        Duration resumeTimeout, CompletableFuture<Done> registered) {
      this.ctx = ctx;
      this.timers = timers;
      this.hub = hub;
      this.resumeTimeout = resumeTimeout;
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
          .onMessage(Resume.class, this::resume)
          .onMessage(Cancel.class, c -> {
            end(c.session(), "cancelled by the subscriber");
            return Behaviors.same();
          })
          .onMessage(Detached.class, this::detached)
          .onMessage(IdleTimeout.class, this::idleTimeout)
          .onMessage(MemberRemoved.class, this::memberRemoved)
          .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Behavior<Command> open(Open open) {
      String id = UUID.randomUUID().toString();
      Address subscriber = open.replyTo().path().address();
      Sink<HubSource.Element<Object>, SinkQueueWithCancel<HubSource.Element<Object>>> queue =
          Sink.<HubSource.Element<Object>>queue().withAttributes(Attributes.inputBuffer(1, 1));
      Pair<CompletionStage<EventHub.Subscribed<Object>>, SinkQueueWithCancel<HubSource.Element<Object>>> mat =
          HubSource.elements((ActorRef<EventHub.Command<Object>>) hub, open.topic(), open.policy())
              .toMat(queue, Keep.both())
              .run(materializer);
      sessions.put(id, new Entry(new ResumableSession(id, mat.second()), subscriber, open.topic(), open.policy()));
      ctx.pipeToSelf(mat.first(), (s, error) -> new Subscribed(id, open.replyTo(), error));
      log.debug("hub server {}: {} subscribes to '{}' ({}), session {}", ctx.getSelf().path(), subscriber,
          open.topic(), open.policy(), id);
      return Behaviors.same();
    }

    private Behavior<Command> subscribed(Subscribed s) {
      Entry entry = sessions.get(s.session());
      if (entry == null) {
        s.replyTo().tell(new Opened(null, null, 0, "the session ended before it started"));
      } else if (s.error() != null) {
        end(s.session(), "the hub subscription failed: " + s.error());
        s.replyTo().tell(new Opened(null, null, 0, String.valueOf(s.error())));
      } else {
        attach(entry, 0, s.replyTo());
      }
      return Behaviors.same();
    }

    private Behavior<Command> resume(Resume r) {
      Entry entry = sessions.get(r.session());
      if (entry == null) {
        log.warn("hub server {}: resume of unknown session {} (ended: cancelled, subscriber removed or "
            + "{} without a stream)", ctx.getSelf().path(), r.session(), resumeTimeout);
        r.replyTo().tell(new Opened(null, null, 0, "session " + r.session() + " has ended (no stream for "
            + resumeTimeout + ", or its subscriber was removed); the values published since are not delivered"));
        return Behaviors.same();
      }
      long first = entry.session.first();
      long next = entry.session.next();
      if (r.next() > next) {
        r.replyTo().tell(new Opened(null, null, 0, "resume at " + r.next() + " but session " + r.session()
            + " sent only up to " + (next - 1)));
        return Behaviors.same();
      }
      if (r.next() < first) {
        long lost = first - r.next();
        if (entry.policy == Policy.LAG) {
          log.warn("hub server {}: session {} resumes at {}, {} values no longer held: skipped (LAG)",
              ctx.getSelf().path(), r.session(), first, lost);
          attach(entry, first, r.replyTo());
        } else {
          String why = lost + " values lost: session " + r.session() + " holds " + first + ".." + (next - 1)
              + ", the subscriber asked for " + r.next();
          log.error("hub server {}: {}", ctx.getSelf().path(), why);
          end(r.session(), why);
          r.replyTo().tell(new Opened(null, null, 0, why));
        }
        return Behaviors.same();
      }
      log.info("hub server {}: session {} of {} resumes at {} ({} values replayed)", ctx.getSelf().path(),
          r.session(), entry.subscriber, r.next(), next - r.next());
      attach(entry, r.next(), r.replyTo());
      return Behaviors.same();
    }

    private void attach(Entry entry, long from, ActorRef<Opened> replyTo) {
      if (entry.attached != null) {
        entry.attached.abort(new IllegalStateException("superseded by a resumed stream"));
      }
      timers.cancel(entry.session.id());
      long attachment = ++entry.attachment;
      String id = entry.session.id();
      Pair<UniqueKillSwitch, SourceRef<WireBatch>> mat = entry.session.attach(from, ClusterHub.KEEP_ALIVE)
          .viaMat(KillSwitches.single(), Keep.right())
          .watchTermination((k, done) -> {
            done.whenComplete((d, e) -> ctx.getSelf().tell(new Detached(id, attachment, e)));
            return k;
          })
          .toMat(StreamRefs.sourceRef(), Keep.both())
          .run(materializer);
      entry.attached = mat.first();
      replyTo.tell(new Opened(mat.second(), id, from, null));
    }

    private Behavior<Command> detached(Detached d) {
      Entry entry = sessions.get(d.session());
      if (entry == null || entry.attachment != d.attachment()) {
        return Behaviors.same();
      }
      entry.attached = null;
      log.debug("hub server {}: session {} lost its stream ({}); waiting up to {} for a resume",
          ctx.getSelf().path(), d.session(), d.error() == null ? "completed" : d.error().toString(), resumeTimeout);
      timers.startSingleTimer(d.session(), new IdleTimeout(d.session(), d.attachment()), resumeTimeout);
      return Behaviors.same();
    }

    private Behavior<Command> idleTimeout(IdleTimeout t) {
      Entry entry = sessions.get(t.session());
      if (entry != null && entry.attached == null && entry.attachment == t.attachment()) {
        log.warn("hub server {}: session {} of {} on '{}' had no stream for {}: ended, publishers released",
            ctx.getSelf().path(), t.session(), entry.subscriber, entry.topic, resumeTimeout);
        end(t.session(), "no stream for " + resumeTimeout);
      }
      return Behaviors.same();
    }

    private Behavior<Command> memberRemoved(MemberRemoved removed) {
      List<String> gone = sessions.entrySet().stream()
          .filter(e -> e.getValue().subscriber.equals(removed.member()))
          .map(Map.Entry::getKey)
          .collect(Collectors.toList());
      for (String id : gone) {
        log.info("hub server {}: member {} removed, ending its session {}", ctx.getSelf().path(), removed.member(),
            id);
        end(id, "subscriber node " + removed.member() + " removed");
      }
      return Behaviors.same();
    }

    private void end(String id, String why) {
      Entry entry = sessions.remove(id);
      if (entry == null) {
        return;
      }
      timers.cancel(id);
      if (entry.attached != null) {
        entry.attached.abort(new IllegalStateException("session ended: " + why));
      }
      entry.session.close();
      log.debug("hub server {}: session {} ended: {}", ctx.getSelf().path(), id, why);
    }
  }
}
