package io.tributary.actors.hub.stream;

import io.tributary.actors.hub.EventHub;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The stage behind {@link HubSource}: its stage actor is the hub subscriber. It receives {@link
 * EventHub.Events} batches, emits their values on demand, and acknowledges a batch once half of it
 * is emitted, so the next one travels while the rest drains.
 *
 * @param <T> the topic's value type
 * @param <E> what the stage emits
 */
final class HubSourceStage<T, E>
    extends AbstractGraphStageWithMaterializedValue<SourceShape<E>, CompletionStage<EventHub.Subscribed<T>>> {

  private final ActorRef<EventHub.Command<T>> hub;
  private final String topic;
  private final Policy policy;
  private final Function<T, E> value;
  /** Makes the element for a gap; {@code null} where a gap cannot happen (BACKPRESSURE). */
  private final LongFunction<E> lagged;
  private final Outlet<E> out = Outlet.create("HubSource.out");
  private final SourceShape<E> shape = SourceShape.of(out);

  HubSourceStage(ActorRef<EventHub.Command<T>> hub, String topic, Policy policy, Function<T, E> value,
      LongFunction<E> lagged) {
    this.hub = hub;
    this.topic = topic;
    this.policy = policy;
    this.value = value;
    this.lagged = lagged;
  }

  @Override
  public SourceShape<E> shape() {
    return shape;
  }

  @Override
  public Attributes initialAttributes() {
    return Attributes.name("HubSource-" + topic);
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<EventHub.Subscribed<T>>> createLogicAndMaterializedValuePair(
      Attributes inheritedAttributes) {
    CompletableFuture<EventHub.Subscribed<T>> subscribed = new CompletableFuture<>();
    return Pair.create(new Logic(subscribed), subscribed);
  }

  private final class Logic extends GraphStageLogic {
    private final CompletableFuture<EventHub.Subscribed<T>> subscribed;
    private final ArrayDeque<E> buffer = new ArrayDeque<>();
    private ActorRef<EventHub.Notification<T>> self;
    /** The forwarder of the batch not yet acknowledged, or {@code null}. */
    private ActorRef<EventHub.Ack> ackTo;
    /** Acknowledge once the buffer is down to this many. */
    private int refillAt;
    private boolean closed;
    private boolean hubStopped;

    Logic(CompletableFuture<EventHub.Subscribed<T>> subscribed) {
      super(shape);
      this.subscribed = subscribed;
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          deliver();
        }
      });
    }

    @Override
    public void preStart() {
      StageActor actor = getStageActor(this::receive);
      self = Adapter.toTyped(actor.ref());
      ActorRef<EventHub.Subscribed<T>> replyTo = Adapter.toTyped(actor.ref());
      actor.watch(Adapter.toClassic(hub));
      hub.tell(new EventHub.Subscribe<>(topic, self, policy, replyTo));
    }

    @SuppressWarnings("unchecked")
    private BoxedUnit receive(Tuple2<org.apache.pekko.actor.ActorRef, Object> envelope) {
      Object msg = envelope._2();
      if (msg instanceof EventHub.Events<?> events) {
        for (Object v : events.values()) {
          buffer.add(value.apply((T) v));
        }
        ackTo = events.ackTo();
        refillAt = events.values().size() / 2;
        deliver();
      } else if (msg instanceof EventHub.Lagged<?> gap) {
        if (lagged == null) {
          failStage(new IllegalStateException("hub topic '" + topic + "' reported " + gap.missed()
              + " missed values to a BACKPRESSURE subscription"));
        } else {
          buffer.add(lagged.apply(gap.missed()));
          deliver();
        }
      } else if (msg instanceof EventHub.TopicClosed<?>) {
        closed = true;
        deliver();
      } else if (msg instanceof EventHub.Subscribed<?> answer) {
        subscribed.complete((EventHub.Subscribed<T>) answer);
      } else if (msg instanceof Terminated) {
        hubStopped = true;
        failStage(new IllegalStateException("the hub " + hub.path() + " stopped: subscription to topic '"
            + topic + "' lost"));
      }
      return BoxedUnit.UNIT;
    }

    private void deliver() {
      if (isAvailable(out) && !buffer.isEmpty()) {
        push(out, buffer.poll());
      }
      if (ackTo != null && buffer.size() <= refillAt) {
        ackTo.tell(EventHub.Ack.INSTANCE);
        ackTo = null;
      }
      if (closed && buffer.isEmpty()) {
        completeStage();
      }
    }

    @Override
    public void postStop() {
      if (self != null && !closed && !hubStopped) {
        // Death watch would end the subscription too; telling the hub frees the topic at once.
        hub.tell(new EventHub.Unsubscribe<>(topic, self));
      }
      subscribed.completeExceptionally(new IllegalStateException(
          "the stream of hub topic '" + topic + "' ended before the hub confirmed its subscription"));
    }
  }
}
