package io.tributary.pipeline.source;

import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.StoppableSource;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.envelope.Acknowledgement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Source {@code hub}: subscribes to a topic of the pipeline's {@link EventHub}, where {@code hub}
 * sinks of this or other pipelines (or any actor) publish; it sees what is published after the
 * pipeline started. {@code policy = backpressure} (default) paces the publishers and loses
 * nothing; {@code lag} never holds them back and skips what it falls too far behind on. Ends when
 * the topic is closed.
 */
public final class HubSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "hub";

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final String topic;
  private final BroadcastChannel.Policy policy;

  private HubSource(String topic, BroadcastChannel.Policy policy) {
    this.topic = topic;
    this.policy = policy;
  }

  /** Reads the options: topic, policy. */
  public static HubSource create(Options options) {
    String topic = options.requiredString("topic");
    String policy = options.choice("policy", "backpressure", List.of("backpressure", "lag"));
    return new HubSource(topic, BroadcastChannel.Policy.valueOf(policy.toUpperCase(Locale.ROOT)));
  }

  @Override
  public FieldSet fields() {
    return FieldSet.open();
  }

  @Override
  public RunningSource start(RunContext context) {
    Source<Event, NotUsed> events;
    try {
      // Subscribed before the pipeline runs, so nothing its own hub sinks publish is missed.
      events = AskPattern.<EventHub.Command<Event>, Source<Event, NotUsed>>ask(context.hub(),
              replyTo -> new EventHub.SubscribeSource<>(topic, policy, replyTo), ASK_TIMEOUT,
              context.system().scheduler())
          .toCompletableFuture().get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw context.failure("cannot subscribe to hub topic '" + topic + "': " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw context.failure("interrupted while subscribing to hub topic '" + topic + "'", e);
    }
    DeliveryTracker tracker = context.tracker();
    return StoppableSource.of(context.component().name(),
        events.map(event -> tracker.open(event, Acknowledgement.NONE)));
  }
}
