package io.tributary.pipeline;

import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.streams.lifecycle.GracefulStop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;

/**
 * A started pipeline. Register it with {@code Lifecycle.register(system, running, drainTimeout)}
 * so that SIGTERM stops it in order: stop every source's intake ({@code service-unbind}), wait for
 * the graph to drain — every sink flushed what it received — up to the drain timeout ({@code
 * service-requests-done}), then commit the sources' acknowledged positions and close their
 * connections ({@code service-stop}). {@link #completion()} completes when all sources ended and
 * every sink finished.
 */
public final class RunningPipeline implements GracefulStop {

  private final String name;
  private final Map<String, RunningSource> sources;
  private final Map<String, TransformDefinition> transforms;
  private final DeliveryTracker tracker;
  private final CompletionStage<Done> completion;
  private final PipelineMeters meters;

  RunningPipeline(String name, Map<String, RunningSource> sources, Map<String, TransformDefinition> transforms,
      DeliveryTracker tracker, CompletionStage<Done> completion, PipelineMeters meters) {
    this.meters = meters;
    this.name = name;
    this.sources = sources;
    this.transforms = transforms;
    this.tracker = tracker;
    this.completion = completion;
  }

  /**
   * @return completes when every source ended and every sink flushed and closed; fails with the
   *     first sink (or source) failure
   */
  public CompletionStage<Done> completion() {
    return completion;
  }

  /** @return source messages that entered the pipeline */
  public long received() {
    return tracker.opened();
  }

  /** @return source messages acknowledged: every branch that got them is done */
  public long acknowledged() {
    return tracker.acknowledged();
  }

  @Override
  public String name() {
    return "pipeline[" + name + "]";
  }

  @Override
  public CompletionStage<Done> stopIntake() {
    List<CompletableFuture<Done>> stops = new ArrayList<>();
    for (RunningSource source : sources.values()) {
      stops.add(source.stopIntake().toCompletableFuture());
    }
    return CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).thenApply(v -> Done.getInstance());
  }

  @Override
  public CompletionStage<Done> drain(Duration timeout) {
    CompletableFuture<Done> drained = new CompletableFuture<>();
    completion.whenComplete((done, error) -> drained.complete(Done.getInstance()));
    return drained.completeOnTimeout(Done.getInstance(), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<String> release() {
    CompletionStage<StringBuilder> report = CompletableFuture.completedFuture(new StringBuilder());
    for (Map.Entry<String, RunningSource> source : sources.entrySet()) {
      report = report.thenCompose(sb -> source.getValue().release().handle((text, error) -> {
        if (error != null) {
          sb.append(' ').append(source.getKey()).append(": release failed: ").append(error);
        } else if (!text.isEmpty()) {
          sb.append(' ').append(source.getKey()).append(": ").append(text);
        }
        return sb;
      }));
    }
    return report.thenApply(sb -> {
      transforms.forEach((t, definition) -> {
        String text = definition.report();
        if (!text.isEmpty()) {
          sb.append(' ').append(t).append(": ").append(text);
        }
      });
      meters.close(); // the pipeline's meters go with it
      return "events=" + tracker.opened() + " acknowledged=" + tracker.acknowledged() + " in-flight="
          + tracker.inFlight() + (sb.length() == 0 ? "" : ";" + sb);
    });
  }

  @Override
  public long inFlight() {
    return tracker.inFlight();
  }
}
