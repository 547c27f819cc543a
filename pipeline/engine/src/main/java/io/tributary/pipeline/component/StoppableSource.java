package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Delivery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A source without commits (generator, file, stdin, hub) whose intake stops through a kill switch:
 * {@link #stopIntake()} completes the stream at once; what was emitted before still flows on.
 */
public final class StoppableSource implements RunningSource {

  private final SharedKillSwitch killSwitch;
  private final Source<Delivery, NotUsed> source;

  private StoppableSource(String name, Source<Delivery, ?> deliveries) {
    this.killSwitch = KillSwitches.shared("pipeline-source-" + name);
    this.source = deliveries.via(killSwitch.flow()).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /** @return {@code deliveries} with a stop switch */
  public static StoppableSource of(String name, Source<Delivery, ?> deliveries) {
    return new StoppableSource(name, deliveries);
  }

  @Override
  public Source<Delivery, NotUsed> source() {
    return source;
  }

  @Override
  public CompletionStage<Done> stopIntake() {
    killSwitch.shutdown();
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
