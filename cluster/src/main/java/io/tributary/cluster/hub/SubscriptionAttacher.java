package io.tributary.cluster.hub;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
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
 * out). For every remote node it remembers the session id and the sequence number of the next
 * element it expects; when that node's stream fails (a lost message, a stall, a broken connection)
 * while the node is still a member, it asks the server to {@link HubServer.Resume resume} there,
 * retrying with backoff until the server answers or the node is gone. A node whose topic closed, or
 * whose server cannot resume (logged as an error with what was lost), is dropped; the others go on.
 * Stops, cancelling every node's stream and session, when told {@link Stop} (the merged source
 * ended).
 */
final class SubscriptionAttacher {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionAttacher.class);

  /** How long a node's server may take to answer an {@link HubServer.Open} or a resume. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);
  /** First pause before asking a server again. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  /** Longest pause between two attempts. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(3);

  private SubscriptionAttacher() {}

  /** What the attacher accepts; all local. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** The merged source ended: cancel every node's stream and stop. */
  record Stop() implements Command {}

  private record Listed(Set<ActorRef<HubServer.Command>> servers) implements Command {}

  private record Answered(ActorRef<HubServer.Command> server, HubServer.Opened opened, Throwable error)
      implements Command {}

  private record LocalAttached(ActorRef<HubServer.Command> server, Throwable error) implements Command {}

  private record Ended(ActorRef<HubServer.Command> server, long attempt, Throwable error) implements Command {}

  private record Retry(ActorRef<HubServer.Command> server) implements Command {}

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
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(key,
          ctx.messageAdapter(Receptionist.Listing.class, l -> new Listed(l.getServiceInstances(key)))));
      return new Attacher<>(ctx, timers, localHub, topic, policy, merge, attached).behavior();
    }));
  }

  /** What the subscription knows of one node's stream. */
  private static final class Remote {
    /** The server's session, {@code null} until opened. */
    String session;
    /** The sequence number of the next element expected from the node. */
    final AtomicLong next = new AtomicLong();
    UniqueKillSwitch killSwitch;
    /** Attempts since the last stream ran, for the backoff. */
    int attempts;
    /** Counts streams, so that the end of an old one is told from the current one's. */
    long stream;
    boolean dropped;
  }

  private static final class Attacher<T> {
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final ActorRef<EventHub.Command<T>> localHub;
    private final String topic;
    private final Policy policy;
    private final Sink<HubSource.Element<T>, NotUsed> merge;
    private final CompletableFuture<Done> attached;
    private final Materializer materializer;
    /** Every server this subscription asked (kept after it was dropped: never attached twice). */
    private final Map<ActorRef<HubServer.Command>, Remote> remotes = new HashMap<>();
    /** Servers of the first listing still to attach; {@code null} before the first listing. */
    private Set<ActorRef<HubServer.Command>> pendingFirst;

    Attacher(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<EventHub.Command<T>> localHub,
        String topic, Policy policy, Sink<HubSource.Element<T>, NotUsed> merge, CompletableFuture<Done> attached) {
      this.ctx = ctx;
      this.timers = timers;
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
          .onMessage(Answered.class, this::answered)
          .onMessage(LocalAttached.class, l -> {
            if (l.error() != null) {
              log.warn("hub subscription to '{}' on the local hub failed: {}", topic, l.error().toString());
            }
            firstDone(l.server());
            return Behaviors.same();
          })
          .onMessage(Ended.class, this::ended)
          .onMessage(Retry.class, r -> {
            ask(r.server());
            return Behaviors.same();
          })
          .onMessage(Stop.class, s -> stop())
          .build();
    }

    private Behavior<Command> stop() {
      remotes.forEach((server, remote) -> {
        if (remote.killSwitch != null) {
          remote.killSwitch.shutdown();
        }
        if (remote.session != null && !server.path().address().hasLocalScope()) {
          server.tell(new HubServer.Cancel(remote.session));
        }
      });
      attached.completeExceptionally(new IllegalStateException("the subscription ended"));
      return Behaviors.stopped();
    }

    private Behavior<Command> listed(Listed listed) {
      boolean first = pendingFirst == null;
      if (first) {
        pendingFirst = new HashSet<>();
      }
      for (ActorRef<HubServer.Command> server : listed.servers()) {
        if (remotes.containsKey(server)) {
          continue;
        }
        remotes.put(server, new Remote());
        if (first) {
          pendingFirst.add(server);
        }
        if (server.path().address().hasLocalScope()) {
          attachLocal(server);
        } else {
          ask(server);
        }
      }
      checkFirst();
      return Behaviors.same();
    }

    private void attachLocal(ActorRef<HubServer.Command> server) {
      Remote remote = remotes.get(server);
      Pair<Pair<CompletionStage<EventHub.Subscribed<T>>, UniqueKillSwitch>, CompletionStage<Done>> mat =
          HubSource.elements(localHub, topic, policy)
              .viaMat(KillSwitches.single(), Keep.both())
              .watchTermination(Keep.both())
              .recoverWithRetries(1, Throwable.class, Source::empty)
              .to(merge)
              .run(materializer);
      remote.killSwitch = mat.first().second();
      remote.dropped = true; // the local stream is never resumed
      long stream = ++remote.stream;
      mat.second().whenComplete((d, e) -> ctx.getSelf().tell(new Ended(server, stream, e)));
      ctx.pipeToSelf(mat.first().first(), (s, error) -> new LocalAttached(server, error));
    }

    /** Opens a session on {@code server}, or resumes the one it has. */
    private void ask(ActorRef<HubServer.Command> server) {
      Remote remote = remotes.get(server);
      if (remote == null || remote.dropped) {
        return;
      }
      String session = remote.session;
      long next = remote.next.get();
      ctx.ask(HubServer.Opened.class, server, OPEN_TIMEOUT,
          replyTo -> session == null ? new HubServer.Open(topic, policy, replyTo)
              : new HubServer.Resume(session, next, replyTo),
          (opened, error) -> new Answered(server, opened, error));
    }

    private Behavior<Command> answered(Answered a) {
      Remote remote = remotes.get(a.server());
      if (remote == null || remote.dropped) {
        return Behaviors.same();
      }
      Address node = a.server().path().address();
      if (a.error() != null) {
        if (remote.session == null) {
          log.warn("hub subscription to '{}': {} did not answer ({}); asking again while it is a member", topic,
              node, a.error().getMessage());
          firstDone(a.server());
        }
        retryIfMember(a.server(), remote, "no answer: " + a.error().getMessage());
      } else if (a.opened().error() != null) {
        if (remote.session == null) {
          log.warn("hub subscription to '{}' on {} failed: {}; the other nodes go on", topic, node,
              a.opened().error());
        } else {
          log.error("hub subscription to '{}': the stream of {} cannot resume at {}: {}; this subscription no "
              + "longer hears that node", topic, node, remote.next.get(), a.opened().error());
        }
        remote.dropped = true;
        firstDone(a.server());
      } else {
        run(a.server(), remote, a.opened());
        firstDone(a.server());
      }
      return Behaviors.same();
    }

    private void run(ActorRef<HubServer.Command> server, Remote remote, HubServer.Opened opened) {
      boolean resumed = remote.session != null;
      remote.session = opened.session();
      long skipped = opened.from() - remote.next.get();
      remote.next.set(opened.from());
      Source<HubSource.Element<T>, NotUsed> lag = Source.empty();
      if (resumed && skipped > 0) {
        log.warn("hub subscription to '{}': {} values of {} were no longer held when resuming: delivered as Lagged",
            topic, skipped, server.path().address());
        lag = Source.single(new HubSource.Lagged<>(skipped));
      }
      AtomicLong next = remote.next;
      Source<HubSource.Element<T>, NotUsed> elements = opened.source().getSource()
          .withAttributes(StreamRefAttributes.bufferCapacity(ClusterHub.STREAM_REF_BUFFER))
          .via(new StallDetector<>(ClusterHub.STALL_TIMEOUT))
          .mapConcat(Attacher::sequenced)
          .filter(s -> s.seq() >= next.get())
          .map(s -> {
            if (s.seq() != next.get()) {
              throw new IllegalStateException("element " + s.seq() + " arrived, " + next.get() + " expected");
            }
            next.set(s.seq() + 1);
            return s.element().<T>element();
          });
      long stream = ++remote.stream;
      Pair<UniqueKillSwitch, CompletionStage<Done>> mat = lag.concat(elements)
          .viaMat(KillSwitches.single(), Keep.right())
          .watchTermination(Keep.both())
          .recoverWithRetries(1, Throwable.class, Source::empty)
          .to(merge)
          .run(materializer);
      remote.killSwitch = mat.first();
      mat.second().whenComplete((d, e) -> ctx.getSelf().tell(new Ended(server, stream, e)));
      log.debug("hub subscription to '{}' attached to {} at {}", topic, server.path().address(), opened.from());
    }

    private static List<Sequenced> sequenced(WireBatch batch) {
      List<Sequenced> out = new ArrayList<>(batch.elements().size());
      long seq = batch.first();
      for (WireElement e : batch.elements()) {
        out.add(new Sequenced(seq++, e));
      }
      return out;
    }

    private Behavior<Command> ended(Ended e) {
      Remote remote = remotes.get(e.server());
      if (remote == null || remote.stream != e.attempt()) {
        return Behaviors.same();
      }
      remote.killSwitch = null;
      Address node = e.server().path().address();
      if (e.error() == null) {
        log.info("hub subscription to '{}': the stream of {} ended", topic, node);
        remote.dropped = true;
      } else if (remote.dropped) {
        log.warn("hub subscription to '{}': the stream of {} failed ({}); the other nodes go on", topic, node,
            e.error().toString());
      } else {
        remote.attempts = 0;
        log.info("hub subscription to '{}': the stream of {} failed ({}); resuming at {}", topic, node,
            e.error().toString(), remote.next.get());
        retryIfMember(e.server(), remote, e.error().toString());
      }
      return Behaviors.same();
    }

    private void retryIfMember(ActorRef<HubServer.Command> server, Remote remote, String why) {
      Address node = server.path().address();
      if (!isMember(node)) {
        log.warn("hub subscription to '{}': {} is no longer a member ({}); its values published since are not "
            + "received", topic, node, why);
        remote.dropped = true;
        firstDone(server);
        return;
      }
      long factor = 1L << Math.min(remote.attempts, 10);
      Duration delay = FIRST_BACKOFF.multipliedBy(factor);
      if (delay.compareTo(MAX_BACKOFF) > 0) {
        delay = MAX_BACKOFF;
      }
      remote.attempts++;
      log.debug("hub subscription to '{}': asking {} again in {} ms ({})", topic, node, delay.toMillis(), why);
      timers.startSingleTimer(server, new Retry(server), delay);
    }

    private boolean isMember(Address node) {
      return StreamSupport.stream(Cluster.get(ctx.getSystem()).state().getMembers().spliterator(), false)
          .filter(m -> m.address().equals(node))
          .map(Member::status)
          .anyMatch(s -> s != MemberStatus.down() && s != MemberStatus.removed() && s != MemberStatus.exiting());
    }

    private void firstDone(ActorRef<HubServer.Command> server) {
      if (pendingFirst != null) {
        pendingFirst.remove(server);
      }
      checkFirst();
    }

    private void checkFirst() {
      if (pendingFirst != null && pendingFirst.isEmpty()) {
        attached.complete(Done.getInstance());
      }
    }
  }

  /** An element with its session sequence number, inside the subscriber's stream. */
  private record Sequenced(long seq, WireElement element) {}
}
