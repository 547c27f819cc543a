package io.tributary.actors.producer;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tributary.actors.TributarySerializable;
import io.tributary.actors.hub.EventHub;
import io.tributary.actors.internal.PekkoPayload;
import java.util.ArrayDeque;
import java.util.Objects;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * An actor that publishes to one {@link EventHub} topic with flow control: the producer to extend
 * (or tell) when an actor emits events. It keeps at most {@code window} publishes unconfirmed by the
 * hub and queues up to {@code maxQueued} more; past that an {@link Emit} is refused — with an error
 * reply when it asked for one, else with an ERROR log line — never dropped silently.
 */
public final class HubProducer {

  private HubProducer() {}

  /** What the producer accepts. */
  public sealed interface Command<T> {}

  /**
   * Emits a value; {@code replyTo} (may be {@code null}) learns when it is in the topic, or why not.
   */
  public record Emit<T>(
      @JsonSerialize(using = PekkoPayload.Writer.class) @JsonDeserialize(using = PekkoPayload.Reader.class) T value,
      ActorRef<StatusReply<Done>> replyTo) implements Command<T>, TributarySerializable {
    /** An emit without confirmation. */
    public Emit(T value) {
      this(value, null);
    }
  }

  private record Confirmed<T>(StatusReply<Done> reply) implements Command<T>, NoSerializationVerificationNeeded {}

  /** Creates a producer with a window of 64 unconfirmed publishes and 10,000 queued values. */
  public static <T> Behavior<Command<T>> create(ActorRef<EventHub.Command<T>> hub, String topic) {
    return create(hub, topic, 64, 10_000);
  }

  /**
   * Creates a producer for {@code topic} of {@code hub}.
   *
   * @param window publishes in flight to the hub at most (at least 1)
   * @param maxQueued values waiting for the window at most (at least 0)
   */
  public static <T> Behavior<Command<T>> create(ActorRef<EventHub.Command<T>> hub, String topic,
      int window, int maxQueued) {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(topic, "topic");
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued must be >= 0, was " + maxQueued);
    }
    return Behaviors.setup(ctx -> new Producer<>(ctx, hub, topic, window, maxQueued).behavior());
  }

  private static final class Producer<T> {
    private final ActorContext<Command<T>> ctx;
    private final ActorRef<EventHub.Command<T>> hub;
    private final String topic;
    private final int window;
    private final int maxQueued;
    private final ActorRef<StatusReply<Done>> confirmations;
    private final ArrayDeque<Emit<T>> queued = new ArrayDeque<>();
    private final ArrayDeque<Emit<T>> inFlight = new ArrayDeque<>();

    Producer(ActorContext<Command<T>> ctx, ActorRef<EventHub.Command<T>> hub, String topic,
        int window, int maxQueued) {
      this.ctx = ctx;
      this.hub = hub;
      this.topic = topic;
      this.window = window;
      this.maxQueued = maxQueued;
      this.confirmations = ctx.messageAdapter(statusReplyClass(), Confirmed::new);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<StatusReply<Done>> statusReplyClass() {
      return (Class) StatusReply.class;
    }

    Behavior<Command<T>> behavior() {
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof Emit<T> emit) {
          onEmit(emit);
        } else if (msg instanceof Confirmed<T> confirmed) {
          onConfirmed(confirmed.reply());
        }
        return Behaviors.same();
      });
    }

    private void onEmit(Emit<T> emit) {
      if (inFlight.size() < window) {
        publish(emit);
      } else if (queued.size() < maxQueued) {
        queued.add(emit);
      } else {
        String reason = "producer for topic '" + topic + "' is full (" + window + " in flight, "
            + maxQueued + " queued): value refused";
        if (emit.replyTo() != null) {
          emit.replyTo().tell(StatusReply.error(reason));
        } else {
          ctx.getLog().error("{}: {}", reason, emit.value());
        }
      }
    }

    private void publish(Emit<T> emit) {
      inFlight.add(emit);
      hub.tell(new EventHub.PublishAndConfirm<>(topic, emit.value(), confirmations));
    }

    private void onConfirmed(StatusReply<Done> reply) {
      // The hub confirms in publish order (one actor, FIFO channel sends).
      Emit<T> done = inFlight.poll();
      if (done != null && done.replyTo() != null) {
        done.replyTo().tell(reply);
      } else if (done != null && reply.isError()) {
        ctx.getLog().error("publish to topic '{}' failed: {}", topic, reply.getError().getMessage());
      }
      while (inFlight.size() < window && !queued.isEmpty()) {
        publish(queued.poll());
      }
    }
  }
}
