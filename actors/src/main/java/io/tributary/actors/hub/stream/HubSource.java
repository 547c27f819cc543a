package io.tributary.actors.hub.stream;

import io.tributary.actors.hub.EventHub;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A stream of an {@link EventHub} topic's values: use it to process hub events with Pekko Streams
 * (or to feed them to a sink, a runner, another hub). Each materialization subscribes through the
 * hub's actor protocol, like any subscriber actor, and its materialized stage completes with the
 * hub's {@link EventHub.Subscribed} answer: from then on, every value published reaches the
 * stream.
 *
 * <pre>{@code
 * CompletionStage<EventHub.Subscribed<Order>> subscribed =
 *     HubSource.create(hub, "orders").to(Sink.foreach(audit::write)).run(system);
 * subscribed.toCompletableFuture().join();   // now publish
 * }</pre>
 *
 * <p>The stream takes the hub's batches as downstream demands them and asks for the next one once
 * half of the current one is emitted, so it holds at most one and a half batches ({@code
 * HubSettings.maxBatch}) and a slow downstream paces the topic like a slow subscriber actor: with
 * {@link Policy#BACKPRESSURE} it holds the publishers back and loses nothing; with {@link
 * Policy#LAG} ({@link #elements}) it skips ahead and the stream sees a {@link Lagged} element with
 * the count it missed. The stream completes after the topic was closed and everything published
 * before was emitted; it fails if the hub stops. Cancelling it ends the subscription.
 */
public final class HubSource {

  private HubSource() {}

  /**
   * What {@link #elements} emits: a value of the topic, or the news that values were missed.
   *
   * @param <T> the topic's value type
   */
  public sealed interface Element<T> permits Value, Lagged {}

  /**
   * A value of the topic, in publish order.
   *
   * @param value the value
   * @param <T> the topic's value type
   */
  public record Value<T>(T value) implements Element<T> {}

  /**
   * A LAG subscription fell more than the topic's capacity behind and skipped {@code missed}
   * values; the values after this element continue with the oldest the topic still held.
   *
   * @param missed how many values were skipped
   * @param <T> the topic's value type
   */
  public record Lagged<T>(long missed) implements Element<T> {}

  /**
   * The topic's values, lossless: a {@link Policy#BACKPRESSURE} subscription, so a slow stream
   * holds the publishers back.
   *
   * @param hub the hub
   * @param topic the topic (created with the hub's defaults if new)
   * @param <T> the topic's value type
   * @return a source that subscribes when materialized; its value completes once the subscription
   *     is active (or fails if the stream ended first)
   */
  public static <T> Source<T, CompletionStage<EventHub.Subscribed<T>>> create(
      ActorRef<EventHub.Command<T>> hub, String topic) {
    checked(hub, topic);
    return Source.fromGraph(new HubSourceStage<T, T>(hub, topic, Policy.BACKPRESSURE, value -> value, null));
  }

  /**
   * The topic's values as {@link Value} elements, with {@link Lagged} elements where a LAG
   * subscription skipped values (never with BACKPRESSURE).
   *
   * @param hub the hub
   * @param topic the topic (created with the hub's defaults if new)
   * @param policy the subscription's policy
   * @param <T> the topic's value type
   * @return a source that subscribes when materialized; its value completes once the subscription
   *     is active (or fails if the stream ended first)
   */
  public static <T> Source<Element<T>, CompletionStage<EventHub.Subscribed<T>>> elements(
      ActorRef<EventHub.Command<T>> hub, String topic, Policy policy) {
    checked(hub, topic);
    Objects.requireNonNull(policy, "policy");
    return Source.fromGraph(new HubSourceStage<T, Element<T>>(hub, topic, policy, Value::new, Lagged::new));
  }

  private static void checked(ActorRef<?> hub, String topic) {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(topic, "topic");
  }
}
