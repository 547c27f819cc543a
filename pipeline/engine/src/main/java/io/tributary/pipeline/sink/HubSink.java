package io.tributary.pipeline.sink;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Sink {@code hub}: publishes each event to a broadcast topic of the pipeline's {@link EventHub},
 * where {@code hub} sources of this or other pipelines in the same actor system, and any actor,
 * subscribe. An event counts as accepted once it is in the topic; a lossless ({@code
 * BACKPRESSURE}) subscriber that falls behind slows this sink down. Publishing to a topic without
 * subscribers is accepted (and the event goes nowhere), as with the hub itself. The stream is the
 * actors module's {@link io.tributary.actors.hub.stream.HubSink}.
 */
public final class HubSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "hub";

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final String topic;

  private HubSink(String topic) {
    this.topic = topic;
  }

  /** Reads the options: topic. */
  public static HubSink create(Options options) {
    String topic = options.requiredString("topic");
    return topic == null ? null : new HubSink(topic);
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    HubPublisher<Event> publisher;
    try {
      // Asked here rather than when the graph runs: an unreachable hub fails the start.
      publisher = AskPattern.<EventHub.Command<Event>, HubPublisher<Event>>ask(context.hub(),
              replyTo -> new EventHub.GetPublisher<>(topic, replyTo), ASK_TIMEOUT, context.system().scheduler())
          .toCompletableFuture().get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw context.failure("cannot reach the event hub for topic '" + topic + "': " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw context.failure("interrupted while asking the event hub for topic '" + topic + "'", e);
    }
    return RunningSink.of(io.tributary.actors.hub.stream.HubSink.<Delivery, Event>flow(publisher, Delivery::event)
        .toMat(Sink.foreach(Delivery::done), Keep.right()));
  }
}
