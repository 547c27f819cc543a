package io.tributary.actors.consumer;

import io.tributary.actors.hub.EventHub;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A subscriber actor for an {@link EventHub} topic that hands each value to your {@link Handler}:
 * the consumer to extend when an actor should react to hub events. It subscribes itself when it
 * starts and acknowledges each batch after the handler returned for every value in it, so a slow
 * handler backpressures (BACKPRESSURE) or lags (LAG) according to the policy. To wait until its
 * subscription is active, send the hub an {@link EventHub.Subscribe} for it with a {@code replyTo}:
 * a no-op for the subscription that answers {@link EventHub.Subscribed}.
 *
 * <p><b>Failures</b>: a handler that throws fails the actor, and supervision restarts it with a
 * fresh handler from the factory <i>without losing the delivery it was handed</i>: the value that
 * failed is handed to the new handler again, then the rest of its batch. A value that fails {@code
 * maxAttempts} times in a row is reported (an ERROR log line with the topic, the value and the last
 * failure) and skipped, so one poison value cannot stall the topic. Pekko logs each restart.
 */
public final class HubConsumer {

  private HubConsumer() {}

  /** Default attempts per value before it is reported and skipped. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Your code: what to do with each value. Instances are created by the factory given to {@link
   * #create}, once at start and again after each failure (like an actor restart), so a handler may
   * keep state that a failure should reset.
   *
   * @param <T> the topic's value type
   */
  public interface Handler<T> {
    /** Handles one value; throwing restarts the handler and retries the value. */
    void onEvent(T event) throws Exception;

    /** This LAG consumer fell behind and missed {@code missed} values (default: nothing). */
    default void onLagged(long missed) {}

    /** The topic was closed and everything was delivered; the consumer stops after this. */
    default void onClosed() {}
  }

  /** Creates a consumer with {@link #DEFAULT_MAX_ATTEMPTS}. */
  public static <T> Behavior<EventHub.Notification<T>> create(ActorRef<EventHub.Command<T>> hub,
      String topic, Policy policy, Supplier<? extends Handler<T>> handlerFactory) {
    return create(hub, topic, policy, handlerFactory, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Creates a consumer that subscribes to {@code topic} of {@code hub} with {@code policy} when it
   * starts.
   *
   * @param maxAttempts attempts per value before it is reported and skipped (at least 1)
   */
  public static <T> Behavior<EventHub.Notification<T>> create(ActorRef<EventHub.Command<T>> hub,
      String topic, Policy policy, Supplier<? extends Handler<T>> handlerFactory, int maxAttempts) {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(handlerFactory, "handlerFactory");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    return Behaviors.setup(ctx -> {
      // Created once per actor, outside the supervised part: it survives restarts.
      Progress<T> progress = new Progress<>();
      hub.tell(new EventHub.Subscribe<>(topic, ctx.getSelf(), policy));
      return Behaviors.supervise(Behaviors.<EventHub.Notification<T>>setup(inner ->
              handling(inner, handlerFactory.get(), progress, maxAttempts)))
          .onFailure(Exception.class, SupervisorStrategy.restart());
    });
  }

  private static <T> Behavior<EventHub.Notification<T>> handling(
      ActorContext<EventHub.Notification<T>> ctx, Handler<T> handler, Progress<T> progress,
      int maxAttempts) {
    if (progress.batch != null) {
      // Restarted while handling a batch: count the failure, maybe give up on that value, resume.
      progress.attempts++;
      if (progress.attempts >= maxAttempts) {
        ctx.getLog().error("consumer of topic '{}' skips a value that failed {} times: {}",
            progress.batch.topic(), progress.attempts, progress.batch.values().get(progress.index),
            progress.lastFailure);
        progress.index++;
        progress.attempts = 0;
      }
      ctx.getSelf().tell(progress.batch);
    }
    return Behaviors.<EventHub.Notification<T>>receive((c, msg) -> {
      if (msg instanceof EventHub.Events<T> events) {
        handle(events, handler, progress);
        return Behaviors.same();
      } else if (msg instanceof EventHub.Lagged<T> lagged) {
        handler.onLagged(lagged.missed());
        return Behaviors.same();
      } else {
        handler.onClosed();
        return Behaviors.stopped();
      }
    });
  }

  private static <T> void handle(EventHub.Events<T> events, Handler<T> handler, Progress<T> progress)
      throws Exception {
    if (events != progress.batch) { // a new batch (a resumed one is the same object)
      progress.batch = events;
      progress.index = 0;
      progress.attempts = 0;
    }
    List<T> values = events.values();
    while (progress.index < values.size()) {
      try {
        handler.onEvent(values.get(progress.index));
      } catch (Exception e) {
        progress.lastFailure = e;
        throw e;
      }
      progress.index++;
      progress.attempts = 0;
    }
    progress.batch = null;
    events.ack();
  }

  /** Where the consumer is in the batch it was handed. */
  private static final class Progress<T> {
    EventHub.Events<T> batch;
    int index;
    int attempts;
    Exception lastFailure;
  }
}
