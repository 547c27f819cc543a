package io.tributary.streams.lifecycle;

import io.tributary.streams.processing.ProcessingMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * The part every broker runner (source, processing runner, acknowledgement) shares: its running
 * stream, the source's control, the runner's counters, and the first two steps of the graceful
 * stop — stop intake through the control, then wait for the stream to finish what it holds.
 * Subclasses name themselves, release their broker resources and report.
 *
 * @param <C> the source's control type
 */
public abstract class SourceRunner<C extends SourceControl> implements GracefulStop {

  private final ClassicActorSystemProvider system;
  private final C control;
  private final ProcessingMetrics metrics;
  private final CompletionStage<Done> completion;
  private volatile long acknowledgedAtDrainStart = -1;

  /**
   * @param system the actor system the stream runs on (its CoordinatedShutdown runs the stop)
   * @param control the source's control
   * @param metrics the runner's counters
   * @param completion completes when the stream ends
   */
  protected SourceRunner(ClassicActorSystemProvider system, C control, ProcessingMetrics metrics,
      CompletionStage<Done> completion) {
    this.system = Objects.requireNonNull(system, "system");
    this.control = Objects.requireNonNull(control, "control");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.completion = Objects.requireNonNull(completion, "completion");
  }

  /** Registers this runner with CoordinatedShutdown (see {@link Lifecycle}). */
  public Lifecycle.Registration registerShutdown(Duration drainTimeout) {
    return Lifecycle.register(system, this, drainTimeout);
  }

  /** @return the source's control */
  public C control() {
    return control;
  }

  /** @return the runner's live counters */
  public ProcessingMetrics metrics() {
    return metrics;
  }

  /** @return completes when the stream ends (after a stop and drain), or fails with its error */
  public CompletionStage<Done> completion() {
    return completion;
  }

  @Override
  public CompletionStage<Done> stopIntake() {
    return control.stop();
  }

  @Override
  public final CompletionStage<Done> drain(Duration timeout) {
    acknowledgedAtDrainStart = control.acknowledged();
    return awaitDrained(timeout);
  }

  /**
   * The wait of {@link #drain}: by default until the stream ends or {@code timeout} runs out;
   * override when the source settles after its stream (e.g. acknowledgements still on their way).
   */
  protected CompletionStage<Done> awaitDrained(Duration timeout) {
    return GracefulStop.awaitCompletion(completion, timeout);
  }

  /** @return the actor system the runner's stream runs on */
  protected ClassicActorSystemProvider system() {
    return system;
  }

  /** @return messages acknowledged since the drain started (0 when it never started), for the report */
  protected long drainedSinceDrainStart() {
    long start = acknowledgedAtDrainStart;
    return start < 0 ? 0 : control.acknowledged() - start;
  }
}
