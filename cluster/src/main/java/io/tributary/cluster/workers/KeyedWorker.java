package io.tributary.cluster.workers;

import io.tributary.actors.TributarySerializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * The sharded entity of one key: runs the node's handler on one {@link KeyedWorkers.Work} at a time,
 * in arrival order, and answers each once its handler finished. While it works, later messages wait
 * in its stash. It remembers the last position it finished and its source partition, so a sender
 * that asks again after a timeout gets {@code Done} without the work running twice (a key's messages
 * come one at a time in position order, so a lower position of that partition was finished too).
 * Idle for {@code passivateAfter}, it asks its shard to stop it; a hand-off (rebalance, node leaving) lets the running work finish
 * first, and the messages still waiting are asked again by their senders at the new location.
 */
final class KeyedWorker {

  /** The entity's protocol. */
  sealed interface Command permits Process, HandOff, Finished, Idle {}

  /**
   * Run {@code work}; answer {@code Done} when the handler finished, an error when it failed.
   *
   * @param work the work
   * @param replyTo the sender
   */
  record Process(KeyedWorkers.Work<Object> work, ActorRef<StatusReply<Done>> replyTo)
      implements Command, TributarySerializable {}

  /** The shard's stop message: finish the running work, then stop. */
  record HandOff() implements Command, TributarySerializable {}

  /** The handler of {@code process} finished (local: carries a {@code Throwable}). */
  record Finished(Process process, Throwable failure) implements Command, NoSerializationVerificationNeeded {}

  /** No message for the passivation time (local). */
  record Idle() implements Command, NoSerializationVerificationNeeded {}

  private static final int STASH_CAPACITY = 10_000;

  private final ActorContext<Command> context;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final KeyedWorkers.Handler<Object> handler;
  private final Duration passivateAfter;
  private final StashBuffer<Command> stash;
  private String lastShard;
  private long lastDone = -1;

  private KeyedWorker(ActorContext<Command> context, ActorRef<ClusterSharding.ShardCommand> shard,
      KeyedWorkers.Handler<Object> handler, Duration passivateAfter, StashBuffer<Command> stash) {
    this.context = context;
    this.shard = shard;
    this.handler = handler;
    this.passivateAfter = passivateAfter;
    this.stash = stash;
  }

  static Behavior<Command> create(ActorRef<ClusterSharding.ShardCommand> shard,
      KeyedWorkers.Handler<Object> handler, Duration passivateAfter) {
    return Behaviors.setup(context -> Behaviors.withStash(STASH_CAPACITY,
        stash -> new KeyedWorker(context, shard, handler, passivateAfter, stash).idle()));
  }

  private Behavior<Command> idle() {
    context.setReceiveTimeout(passivateAfter, new Idle());
    return Behaviors.receive(Command.class)
        .onMessage(Process.class, this::start)
        .onMessage(HandOff.class, m -> Behaviors.stopped())
        .onMessage(Idle.class, m -> {
          shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
          return Behaviors.same();
        })
        .onMessage(Finished.class, m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> start(Process process) {
    KeyedWorkers.Work<Object> work = process.work();
    // Positions compare only within one source partition; work without a partition is never a repeat.
    if (work.shard() != null && work.position() >= 0 && work.position() <= lastDone
        && work.shard().equals(lastShard)) {
      process.replyTo().tell(StatusReply.ack()); // a repeat of finished work: its first answer was lost
      return Behaviors.same();
    }
    CompletionStage<?> stage;
    try {
      stage = Objects.requireNonNull(handler.handle(work), "the handler returned null instead of a CompletionStage");
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    }
    context.pipeToSelf(stage, (r, e) -> new Finished(process, e));
    return busy(false);
  }

  private Behavior<Command> busy(boolean stopAfter) {
    context.cancelReceiveTimeout();
    return Behaviors.receive(Command.class)
        .onMessage(Finished.class, m -> finished(m, stopAfter))
        .onMessage(HandOff.class, m -> busy(true))
        .onMessage(Idle.class, m -> Behaviors.same())
        .onMessage(Process.class, m -> {
          if (stash.isFull()) {
            // the sender's ask times out and it asks again; nothing is lost
            context.getLog().warn("keyed worker {}: {} messages waiting, dropping one for its sender to resend",
                context.getSelf().path().name(), stash.size());
          } else {
            stash.stash(m);
          }
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> finished(Finished m, boolean stopAfter) {
    KeyedWorkers.Work<Object> work = m.process().work();
    if (m.failure() == null) {
      if (work.shard() != null && work.position() >= 0) {
        lastShard = work.shard();
        lastDone = work.position();
      }
      m.process().replyTo().tell(StatusReply.ack());
    } else {
      Throwable cause = m.failure() instanceof java.util.concurrent.CompletionException && m.failure().getCause() != null
          ? m.failure().getCause() : m.failure();
      m.process().replyTo().tell(StatusReply.error(cause.toString()));
    }
    if (stopAfter) {
      return Behaviors.stopped();
    }
    return stash.unstashAll(idle());
  }
}
