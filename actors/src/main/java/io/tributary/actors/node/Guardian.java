package io.tributary.actors.node;

import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The parent of every actor a {@link Tributary} starts: spawns on request and, when stopped, stops
 * them all with it.
 */
final class Guardian {
  private Guardian() {}

  /** The guardian's protocol. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** Spawns {@code behavior} as a child named {@code name}; replies with its reference. */
  record Spawn<T>(Behavior<T> behavior, String name, ActorRef<ActorRef<T>> replyTo) implements Command {}

  /** Stops the guardian and all its children; replies once asked (children stop right after). */
  record Stop(ActorRef<Done> replyTo) implements Command {}

  static Behavior<Command> create() {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Spawn.class, spawn -> {
          spawnChild(ctx, spawn);
          return Behaviors.same();
        })
        .onMessage(Stop.class, stop -> {
          stop.replyTo().tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .build());
  }

  private static <T> void spawnChild(ActorContext<Command> ctx, Spawn<T> spawn) {
    spawn.replyTo().tell(ctx.spawn(spawn.behavior(), spawn.name()));
  }
}
