package io.tributary.streams.lifecycle;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.LaneMonitor;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.trace.MessageTracing;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one runner every broker connector starts: a source of envelopes into the processing runner
 * (a handler per message, bounded parallelism, ordered per key, retries, dead-letter) and the
 * acknowledgement, with the graceful stop. A connector's runner ({@code KafkaRunner},
 * {@code AmqpRunner}, {@code NatsRunner}) only checks its broker, opens its dead-letter sink, builds its
 * source and names what its report says; {@link #start} runs the stream and waits until the source is
 * attached, and the stop is the same for all:
 *
 * <ol>
 *   <li>{@link #stopIntake()}: the control stops fetching or deliveries;
 *   <li>{@link #drain}: waits for the stream to finish what it holds and for the source to settle
 *       (nothing in flight), bounded by the drain timeout;
 *   <li>{@link #release()}: the control shuts down (commit or flush what finished, close the
 *       consumer), then the runner's own resources close (its dead-letter sink), and the report.
 * </ol>
 *
 * @param <C> the source's control type
 */
public abstract class SourceRunner<C extends SourceControl> implements GracefulStop {

  private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);
  private static final Duration SETTLE_POLL = Duration.ofMillis(10);

  /**
   * What {@link #start} returns: the running stream's parts.
   *
   * @param control the source's control
   * @param metrics the processing runner's live counters
   * @param completion completes when the stream ends, or fails with its error
   * @param meters the runner's meters (they time the handler), bound by {@link #bindTelemetry()}
   * @param <C> the source's control type
   */
  public record Started<C extends SourceControl>(C control, ProcessingMetrics metrics,
      CompletionStage<Done> completion, RunnerMeters meters) {
    /** Checks the parts are there. */
    public Started {
      Objects.requireNonNull(control, "control");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(completion, "completion");
      Objects.requireNonNull(meters, "meters");
    }

    /** The parts of a stream whose handler is not timed. */
    public Started(C control, ProcessingMetrics metrics, CompletionStage<Done> completion) {
      this(control, metrics, completion, new RunnerMeters());
    }
  }

  private final ClassicActorSystemProvider system;
  private final C control;
  private final ProcessingMetrics metrics;
  private final CompletionStage<Done> completion;
  private final AutoCloseable resources;
  private final RunnerMeters meters;
  private volatile long acknowledgedAtDrainStart = -1;
  private volatile long abandonedAtRelease;

  /**
   * @param system the actor system the stream runs on (its CoordinatedShutdown runs the stop)
   * @param started the running stream, from {@link #start}
   * @param resources what the runner opened beside the source (its dead-letter sink): closed at the
   *     end of {@link #release()}, after the source shut down
   */
  protected SourceRunner(ClassicActorSystemProvider system, Started<C> started, AutoCloseable resources) {
    this.system = Objects.requireNonNull(system, "system");
    this.control = started.control();
    this.metrics = started.metrics();
    this.completion = started.completion();
    this.resources = Objects.requireNonNull(resources, "resources");
    this.meters = started.meters();
    LaneMonitor.start(system, this::name, metrics, completion); // slow and stuck lanes in health, until it ends
  }

  /**
   * Runs {@code source} into the processing runner and waits (at most {@code readyTimeout}) until the
   * source is attached ({@link SourceControl#ready()}). When it does not attach, the source is shut
   * down and the error is thrown: the control's own setup error, or {@code setupError} applied to a
   * message and the cause (a timeout, an interruption). The caller closes what it opened before.
   *
   * @param system the actor system to run on
   * @param source the connector's source of envelopes, materializing its control
   * @param processing the processing runner's settings
   * @param handler the handler, called once per message
   * @param deadLetters where messages go that fail for good
   * @param readyTimeout how long to wait for the source to attach
   * @param setupError the connector's setup exception, from a message and a cause
   * @return the running stream
   */
  public static <T, R, C extends SourceControl> Started<C> start(ClassicActorSystemProvider system,
      Source<Envelope<T>, C> source, ProcessingSettings processing,
      Function<Envelope<T>, ? extends CompletionStage<R>> handler, DeadLetterSink<T> deadLetters,
      Duration readyTimeout, BiFunction<String, Throwable, ? extends RuntimeException> setupError) {
    return start(system, null, source, processing, handler, deadLetters, readyTimeout, setupError);
  }

  /**
   * As {@link #start(ClassicActorSystemProvider, Source, ProcessingSettings, Function, DeadLetterSink,
   * Duration, BiFunction)}, naming the messaging system in each message's processing span ({@link
   * MessageTracing}).
   *
   * @param messagingSystem {@code kafka}, {@code rabbitmq}, {@code nats}, or {@code null}
   */
  public static <T, R, C extends SourceControl> Started<C> start(ClassicActorSystemProvider system,
      String messagingSystem, Source<Envelope<T>, C> source, ProcessingSettings processing,
      Function<Envelope<T>, ? extends CompletionStage<R>> handler, DeadLetterSink<T> deadLetters,
      Duration readyTimeout, BiFunction<String, Throwable, ? extends RuntimeException> setupError) {
    RunnerMeters meters = new RunnerMeters();
    // each call in its message's trace (W3C headers, an OpenTelemetry span when the API is present), timed
    Function<Envelope<T>, CompletionStage<R>> call = meters.timed(MessageTracing.traced(handler, messagingSystem));
    Pair<C, Pair<ProcessingMetrics, CompletionStage<Done>>> running = source
        .toMat(Processing.<T, R>envelopeSink(processing, call, deadLetters), Keep.both())
        .run(system.classicSystem());
    C control = running.first();
    try {
      await(control.ready(), readyTimeout, "the source did not attach", setupError);
    } catch (RuntimeException e) {
      control.shutdown();
      throw e;
    }
    return new Started<>(control, running.second().first(), running.second().second(), meters);
  }

  /**
   * Waits for a setup step: returns when {@code stage} completes, rethrows its runtime error as it
   * is, and turns a timeout, an interruption or a checked error into {@code setupError}.
   *
   * @param what the step, for the message (e.g. {@code "the dead-letter queue was not declared"})
   */
  public static void await(CompletionStage<?> stage, Duration bound, String what,
      BiFunction<String, Throwable, ? extends RuntimeException> setupError) {
    try {
      stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw setupError.apply(what + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw setupError.apply(what + " within " + bound.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw setupError.apply(what + ": interrupted", e);
    }
  }

  /**
   * Registers this runner's meters and health on the actor system's {@link
   * io.tributary.streams.telemetry.Telemetry} (see {@link RunnerMeters}); the release removes them. A
   * connector's {@code start} calls it once the runner is constructed: the {@code runner} tag is its
   * {@link #name()}, which needs the connector's fields. Idempotent.
   *
   * @return this
   */
  protected final SourceRunner<C> bindTelemetry() {
    meters.bind(system, name(), metrics, control, completion);
    return this;
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

  /**
   * Waits until the stream ended and, when it ended well, until the source settled (nothing in
   * flight: dead letters of undecodable payloads and acknowledgements may still be on their way),
   * or until {@code timeout} runs out.
   */
  @Override
  public final CompletionStage<Done> drain(Duration timeout) {
    acknowledgedAtDrainStart = control.acknowledged();
    long deadline = System.nanoTime() + timeout.toNanos();
    return completion.toCompletableFuture()
        .handle((done, error) -> error == null)
        .thenCompose(ok -> ok ? settled(deadline) : CompletableFuture.completedFuture(Done.getInstance()))
        .completeOnTimeout(Done.getInstance(), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<Done> settled(long deadlineNanos) {
    if (control.inFlight() <= 0 || System.nanoTime() >= deadlineNanos) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    ActorSystem classic = system.classicSystem();
    CompletableFuture<Done> next = new CompletableFuture<>();
    classic.scheduler().scheduleOnce(SETTLE_POLL, () -> settled(deadlineNanos)
        .whenComplete((d, e) -> next.complete(Done.getInstance())), classic.dispatcher());
    return next;
  }

  /**
   * Shuts the source down (bounded by {@link #shutdownTimeout()}), closes the runner's resources and
   * completes with the report: what the drain finished, and what was abandoned (returned to the
   * broker, redelivered later).
   */
  @Override
  public final CompletionStage<String> release() {
    long abandoned = abandonedNow();
    abandonedAtRelease = abandoned;
    return control.shutdown().toCompletableFuture()
        .orTimeout(shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((done, error) -> {
          if (error != null) {
            log.warn("{}: the source did not shut down cleanly: {}", name(), error.toString());
          }
          try {
            resources.close();
          } catch (Exception e) {
            log.warn("{}: closing its resources failed: {}", name(), e.toString());
          }
          meters.close();
          return "drained=" + drainedSinceDrainStart() + " " + report(abandoned);
        });
  }

  /** @return messages still unfinished when the stop released the source (redelivered later) */
  public long abandonedAtStop() {
    return abandonedAtRelease;
  }

  @Override
  public long inFlight() {
    return control.inFlight();
  }

  /**
   * The rest of the report line after {@code drained=N}: what the source acknowledged or committed,
   * and what was abandoned and where it goes.
   *
   * @param abandoned what {@link #abandonedNow()} counted when the release started
   */
  protected abstract String report(long abandoned);

  /** @return the messages the release abandons; by default the source's in-flight count */
  protected long abandonedNow() {
    return control.inFlight();
  }

  /** @return how long the release waits for the source to shut down */
  protected Duration shutdownTimeout() {
    return Duration.ofSeconds(30);
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
