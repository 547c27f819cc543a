package io.tributary.actors.hub.stream;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Puts a stream's elements into an {@link EventHub} topic, with backpressure: use it to fan a
 * runner's results (or any stream) out to the hub's subscribers. An element counts as accepted once
 * it is in the topic; at most {@link #IN_FLIGHT} wait for room at a time, so while a {@code
 * BACKPRESSURE} subscriber is a full topic behind, the stream waits too and memory stays bounded.
 * Elements enter the topic in stream order. Publishing to a topic without subscribers is accepted
 * (the value goes nowhere), as with the hub itself; a closed topic fails the stream. The sink never
 * closes the topic: other publishers may share it.
 *
 * <pre>{@code
 * kafkaSource
 *     .via(Processing.flow(settings, order -> billing.charge(order), deadLetters))
 *     .to(HubSink.envelopes(hub, "receipts"))   // acknowledged once in the topic
 *     .run(system);
 * }</pre>
 *
 * <p>It publishes through the topic's {@link HubPublisher}, asked from the hub when the stream is
 * materialized: the hub must run in the stream's JVM.
 */
public final class HubSink {

  private HubSink() {}

  /** Elements at most waiting for room in the topic at once. */
  public static final int IN_FLIGHT = 16;

  /** How long the hub may take to hand out the topic's publisher. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A sink into {@code topic}.
   *
   * @param hub the hub
   * @param topic the topic (created with the hub's defaults if new)
   * @param <T> the topic's value type
   * @return a sink whose value completes once the stream completed and every element is in the
   *     topic, or fails with the stream
   */
  public static <T> Sink<T, CompletionStage<Done>> create(ActorRef<EventHub.Command<T>> hub, String topic) {
    return HubSink.<T, T>flow(hub, topic, v -> v).toMat(Sink.ignore(), Keep.right());
  }

  /**
   * A sink that publishes each envelope's payload into {@code topic} and acknowledges the envelope
   * at its source once the payload is in: the end of an at-least-once flow into the hub.
   *
   * @param hub the hub
   * @param topic the topic (created with the hub's defaults if new)
   * @param <T> the topic's value type
   * @return a sink whose value completes once the stream completed and every envelope was
   *     acknowledged, or fails with the stream
   */
  public static <T> Sink<Envelope<T>, CompletionStage<Done>> envelopes(ActorRef<EventHub.Command<T>> hub,
      String topic) {
    return HubSink.<Envelope<T>, T>flow(hub, topic, Envelope::payload)
        .toMat(Sink.foreach(Envelope::acknowledge), Keep.right());
  }

  /**
   * A flow that publishes {@code value.apply(element)} into {@code topic} and passes each element
   * on once its value is in the topic, in stream order: for a step after which the element still
   * has work to do (a countdown to release, an offset to commit).
   *
   * @param hub the hub
   * @param topic the topic (created with the hub's defaults if new)
   * @param value what to publish for an element (never {@code null})
   * @param <In> the stream's element type
   * @param <T> the topic's value type
   * @return the flow; it fails if the hub does not hand out the publisher within 10 s
   */
  public static <In, T> Flow<In, In, NotUsed> flow(ActorRef<EventHub.Command<T>> hub, String topic,
      Function<? super In, ? extends T> value) {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    return Flow.<In, In, NotUsed>fromMaterializer((materializer, attributes) -> {
      Scheduler scheduler = Adapter.toTyped(materializer.system().scheduler());
      CompletionStage<HubPublisher<T>> publisher = AskPattern.<EventHub.Command<T>, HubPublisher<T>>ask(hub,
          replyTo -> new EventHub.GetPublisher<>(topic, replyTo), ASK_TIMEOUT, scheduler);
      return Flow.completionStageFlow(publisher.<Flow<In, In, NotUsed>>thenApply(p -> flow(p, value)))
          .mapMaterializedValue(m -> NotUsed.getInstance());
    }).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /**
   * Like {@link #flow(ActorRef, String, Function)}, through a publisher already at hand.
   *
   * @param publisher the topic's publisher
   * @param value what to publish for an element (never {@code null})
   * @param <In> the stream's element type
   * @param <T> the topic's value type
   * @return the flow
   */
  public static <In, T> Flow<In, In, NotUsed> flow(HubPublisher<T> publisher,
      Function<? super In, ? extends T> value) {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(value, "value");
    return Flow.<In>create().mapAsync(IN_FLIGHT, in -> publisher.publish(value.apply(in)).thenApply(done -> in));
  }
}
