package io.tributary.actors.hub;

import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Receiver;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A hub's child per actor subscription: drains the subscription's receiver into {@link
 * EventHub.Events} batches, one batch per acknowledgement, and sleeps on the receiver's wake-up
 * when nothing is waiting. Stops when the topic is closed and delivered; closes its receiver when
 * it stops.
 */
final class SubscriptionForwarder {

  private SubscriptionForwarder() {}

  /** The forwarder's protocol: the subscriber's {@link EventHub.Ack} and the receiver's wake-up. */
  interface Command {}

  private enum Wake implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  static <T> Behavior<Command> create(String topic, Receiver<T> receiver,
      ActorRef<EventHub.Notification<T>> subscriber, int maxBatch) {
    return Behaviors.setup(ctx -> {
      ActorRef<EventHub.Ack> ackTo = ctx.getSelf().narrow();
      ActorRef<Command> self = ctx.getSelf();
      Runnable wake = () -> self.tell(Wake.INSTANCE);
      State<T> state = new State<>(topic, receiver, subscriber, ackTo, maxBatch, wake);
      ctx.getSelf().tell(Wake.INSTANCE);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Wake.INSTANCE, () -> state.deliver() ? Behaviors.same() : Behaviors.stopped())
          .onMessageEquals(EventHub.Ack.INSTANCE, () -> {
            state.awaitingAck = false;
            return state.deliver() ? Behaviors.same() : Behaviors.stopped();
          })
          .onSignal(PostStop.class, signal -> {
            receiver.close();
            return Behaviors.same();
          })
          .build();
    });
  }

  private static final class State<T> {
    final String topic;
    final Receiver<T> receiver;
    final ActorRef<EventHub.Notification<T>> subscriber;
    final ActorRef<EventHub.Ack> ackTo;
    final int maxBatch;
    final Runnable wake;
    boolean awaitingAck;

    State(String topic, Receiver<T> receiver, ActorRef<EventHub.Notification<T>> subscriber,
        ActorRef<EventHub.Ack> ackTo, int maxBatch, Runnable wake) {
      this.topic = topic;
      this.receiver = receiver;
      this.subscriber = subscriber;
      this.ackTo = ackTo;
      this.maxBatch = maxBatch;
      this.wake = wake;
    }

    /** Sends the next batch, or arms the wake-up; returns false when the subscription is over. */
    boolean deliver() {
      if (awaitingAck) {
        return true;
      }
      List<T> batch = new ArrayList<>(Math.min(maxBatch, 16));
      while (true) {
        try {
          receiver.drain(maxBatch, batch::add);
        } catch (BroadcastChannel.Lagged lagged) {
          subscriber.tell(new EventHub.Lagged<>(topic, lagged.missed()));
          continue;
        } catch (BroadcastChannel.Closed closed) {
          subscriber.tell(new EventHub.TopicClosed<>(topic));
          return false;
        }
        break;
      }
      if (batch.isEmpty()) {
        receiver.whenAvailable(wake);
      } else {
        awaitingAck = true;
        subscriber.tell(new EventHub.Events<>(topic, batch, ackTo));
      }
      return true;
    }
  }
}
