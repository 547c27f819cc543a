package io.tributary.streams.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.telemetry.ComponentHealth;
import io.tributary.streams.telemetry.MeterGroup;
import io.tributary.streams.telemetry.SourceTelemetry;
import io.tributary.streams.telemetry.Telemetry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters and the health of one {@link SourceRunner}, on the actor system's {@link Telemetry}: counters
 * read from the runner's {@link ProcessingMetrics} and its source's control when scraped (nothing on the
 * hot path), gauges, the handler duration, the source's own meters ({@link SourceTelemetry}) and a health
 * indicator that is down until the source is attached. Created with the stream (it times the handler),
 * bound once the runner has its name, closed when the runner stops: the meters are removed then.
 */
public final class RunnerMeters implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunnerMeters.class);

  /** Prometheus buckets of the handler duration: few and fixed, so recording stays cheap. */
  private static final Duration[] HANDLER_BUCKETS = {
    Duration.ofNanos(100_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  /** Null until bound (and after close): the handler then runs untimed. */
  private volatile Timer handlerTimer;
  private MeterGroup meters;
  private MeterRegistry registry;
  private AutoCloseable health;
  private AutoCloseable sourceMeters;
  private boolean closed;

  /** An unbound set: it records nothing until {@link #bind}. */
  public RunnerMeters() {}

  /**
   * Wraps a handler so that each call's duration (until its stage completes) is recorded in {@code
   * tributary.runner.handler.duration} once bound. The handler's stage is returned as it is, so the
   * runner's fast path for completed futures stays.
   *
   * @param handler the handler
   * @return the timed handler
   */
  public <T, R> Function<Envelope<T>, CompletionStage<R>> timed(
      Function<Envelope<T>, ? extends CompletionStage<R>> handler) {
    String name = Processing.handlerName(handler); // lane reports name the user's handler, not this wrapper
    return new Function<>() {
      @Override
      public CompletionStage<R> apply(Envelope<T> envelope) {
        return time(handler, envelope);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private <T, R> CompletionStage<R> time(Function<Envelope<T>, ? extends CompletionStage<R>> handler,
      Envelope<T> envelope) {
    Timer timer = handlerTimer;
    if (timer == null) {
      return handler.apply(envelope);
    }
    long start = System.nanoTime();
    CompletionStage<R> stage;
    try {
      stage = handler.apply(envelope);
    } catch (RuntimeException | Error e) {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      throw e;
    }
    if (stage == null) {
      return null; // the runner reports it
    }
    if (stage.getClass() == CompletableFuture.class && ((CompletableFuture<R>) stage).isDone()) {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    } else {
      // Inline like the runner's own callback: Pekko's stages would run it on a new thread otherwise.
      stage.whenCompleteAsync((v, e) -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS),
          Runnable::run);
    }
    return stage;
  }

  /**
   * Registers the runner's meters and health on the actor system's telemetry.
   *
   * @param system the runner's actor system
   * @param name the runner's name, the {@code runner} tag and the health component
   * @param metrics the processing runner's counters
   * @param control the source's control (its own meters when it is a {@link SourceTelemetry})
   * @param completion the stream's completion: the runner is down once it ended
   */
  synchronized void bind(ClassicActorSystemProvider system, String name, ProcessingMetrics metrics,
      SourceControl control, CompletionStage<Done> completion) {
    if (registry != null || closed) {
      return;
    }
    Telemetry telemetry = Telemetry.get(system);
    registry = telemetry.registry();
    SourceTelemetry source = control instanceof SourceTelemetry s ? s : null;
    String protocol = source != null ? source.protocol() : name.replaceFirst("[-\\[].*", "");
    Tags tags = Tags.of("runner", name, "protocol", protocol);
    meters = new MeterGroup(registry, tags)
        .counter("tributary.runner.received", "messages the processing runner took in", metrics,
            ProcessingMetrics::received)
        .counter("tributary.runner.processed", "messages whose handler succeeded", metrics,
            ProcessingMetrics::succeeded)
        .counter("tributary.runner.failed", "messages whose last attempt failed (dead-lettered or skipped)",
            metrics, m -> m.deadLettered() + m.skipped())
        .counter("tributary.runner.retried", "failed attempts that were retried", metrics,
            ProcessingMetrics::retried)
        .counter("tributary.runner.dead.lettered", "messages the runner wrote to the dead-letter destination",
            metrics, ProcessingMetrics::deadLettered)
        .counter("tributary.runner.skipped", "messages skipped after their last failed attempt", metrics,
            ProcessingMetrics::skipped)
        .counter("tributary.runner.withdrawn", "messages dropped unstarted because their source withdrew them",
            metrics, ProcessingMetrics::withdrawn)
        .counter("tributary.runner.acknowledged", "messages acknowledged (or committed) at their source",
            control, SourceControl::acknowledged)
        .gauge("tributary.runner.in.flight", "handlers running now", metrics, ProcessingMetrics::inFlight)
        .gauge("tributary.runner.buffered", "messages held by the runner now (running, parked or waiting)",
            metrics, ProcessingMetrics::buffered)
        .gauge("tributary.runner.parked", "messages backing off before a retry, each parking its key or partition",
            metrics, ProcessingMetrics::parked)
        .gauge("tributary.runner.unacknowledged", "messages the source handed out and that are not acknowledged",
            control, SourceControl::inFlight);
    handlerTimer = meters.add(Timer.builder("tributary.runner.handler.duration")
        .description("a handler call until its stage completed, per attempt")
        .tags(tags).serviceLevelObjectives(HANDLER_BUCKETS).register(registry));
    if (source != null) {
      sourceMeters = source.bindMeters(registry, tags);
    }
    CompletableFuture<Done> ended = completion.toCompletableFuture();
    // Its own entry beside the runner's lanes (LaneMonitor, named after the runner): connected or not.
    String component = name + " connection";
    health = telemetry.register(() -> {
      if (ended.isDone()) {
        return ComponentHealth.down(component, ended.isCompletedExceptionally() ? "the stream failed" : "stopped");
      }
      Optional<String> detached = source != null ? source.notAttached() : Optional.empty();
      return detached.map(why -> ComponentHealth.down(component, why)).orElseGet(() -> ComponentHealth.up(component));
    });
  }

  /** Removes the meters and the health registration (idempotent). */
  @Override
  public synchronized void close() {
    closed = true;
    handlerTimer = null;
    if (registry == null) {
      return;
    }
    closeQuietly(health);
    closeQuietly(sourceMeters);
    meters.close();
    registry = null;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.debug("unbinding runner telemetry: {}", e.toString());
    }
  }
}
