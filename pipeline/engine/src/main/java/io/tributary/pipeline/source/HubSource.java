package io.tributary.pipeline.source;

import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.StoppableSource;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.envelope.Acknowledgement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source {@code hub}: subscribes to a topic of the pipeline's {@link EventHub}, where {@code hub}
 * sinks of this or other pipelines (or any actor) publish; it sees what is published after the
 * pipeline started. {@code policy = backpressure} (default) paces the publishers and loses
 * nothing; {@code lag} never holds them back and skips what it falls too far behind on, with a
 * WARN line that says how many events it missed. Ends when the topic is closed. The stream is the
 * actors module's {@link io.tributary.actors.hub.stream.HubSource}.
 */
public final class HubSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "hub";

  private static final Logger log = LoggerFactory.getLogger(HubSource.class);

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
    DeliveryTracker tracker = context.tracker();
    String name = context.component().path();
    // Subscribes when the graph runs; the pipeline's start waits for ready(), so nothing published
    // after the start returned is missed (its own hub sinks included).
    CompletableFuture<Done> subscribed = new CompletableFuture<>();
    Source<Delivery, NotUsed> deliveries = io.tributary.actors.hub.stream.HubSource
        .<Event>elements(context.hub(), topic, policy)
        .mapMaterializedValue(answer -> {
          answer.whenComplete((s, error) -> {
            if (error == null) {
              subscribed.complete(Done.getInstance());
            } else {
              subscribed.completeExceptionally(error);
            }
          });
          return NotUsed.getInstance();
        })
        .mapConcat(element -> {
          if (element instanceof io.tributary.actors.hub.stream.HubSource.Value<Event> value) {
            return List.of(tracker.open(value.value(), Acknowledgement.NONE));
          }
          long missed = ((io.tributary.actors.hub.stream.HubSource.Lagged<Event>) element).missed();
          log.warn("{} fell behind hub topic '{}' and missed {} events (policy lag)", name, topic, missed);
          return List.<Delivery>of();
        });
    StoppableSource stoppable = StoppableSource.of(context.component().name(), deliveries);
    return new RunningSource() {
      @Override
      public Source<Delivery, NotUsed> source() {
        return stoppable.source();
      }

      @Override
      public CompletionStage<Done> ready() {
        return subscribed;
      }

      @Override
      public CompletionStage<Done> stopIntake() {
        return stoppable.stopIntake();
      }
    };
  }
}
