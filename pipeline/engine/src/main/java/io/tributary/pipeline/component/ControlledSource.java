package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Delivery;
import io.tributary.streams.lifecycle.SourceControl;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A running broker source (Kafka, AMQP, NATS) stopped through its connector's {@link
 * SourceControl}, the same contract the connectors' runners use: stop intake, then, after the
 * pipeline drained, shut the source down (commit or flush what every sink has, close the consumer)
 * and report. Messages still in flight then return to the broker.
 *
 * @param <C> the connector's control type
 */
public final class ControlledSource<C extends SourceControl> implements RunningSource {

  private final Supplier<C> control;
  private final Source<Delivery, NotUsed> source;
  private final Optional<Duration> intakeStopBound;
  private final BiFunction<C, Long, String> report;

  /**
   * @param control the control; may answer {@code null} until the source is materialized (then the
   *     stop has nothing to stop)
   * @param source the deliveries
   * @param intakeStopBound how long the stop waits for the intake stop before the drain goes on
   *     (for a source whose stop completes only once it emitted what it buffers, which a stalled
   *     pipeline delays); empty to wait for it
   * @param report the report line from the control and the messages in flight when the release
   *     started
   */
  public ControlledSource(Supplier<C> control, Source<Delivery, NotUsed> source,
      Optional<Duration> intakeStopBound, BiFunction<C, Long, String> report) {
    this.control = Objects.requireNonNull(control, "control");
    this.source = Objects.requireNonNull(source, "source");
    this.intakeStopBound = Objects.requireNonNull(intakeStopBound, "intakeStopBound");
    this.report = Objects.requireNonNull(report, "report");
  }

  @Override
  public Source<Delivery, NotUsed> source() {
    return source;
  }

  @Override
  public CompletionStage<Done> stopIntake() {
    C c = control.get();
    if (c == null) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    CompletableFuture<Done> stopped = c.stop().toCompletableFuture().copy();
    return intakeStopBound
        .map(bound -> stopped.completeOnTimeout(Done.getInstance(), bound.toMillis(), TimeUnit.MILLISECONDS))
        .orElse(stopped);
  }

  @Override
  public CompletionStage<String> release() {
    C c = control.get();
    if (c == null) {
      return CompletableFuture.completedFuture("");
    }
    long inFlight = c.inFlight();
    return c.shutdown().handle((done, error) -> report.apply(c, inFlight));
  }
}
