package io.tributary.connectors.amqp;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete RabbitMQ consumer: source, processing runner (a handler per message, bounded
 * parallelism, ordered per key, retries, dead-letter) and acknowledgement, with a graceful stop.
 * The counterpart of {@code KafkaRunner}:
 *
 * <pre>{@code
 * AmqpRunner<Order> runner = AmqpRunner.start(system,
 *     AmqpSourceSettings.create("amqp://guest:guest@127.0.0.1:5672", "orders", PayloadDecoder.json(Order.class))
 *         .withPrefetch(256),
 *     ProcessingSettings.defaults().withParallelism(64),
 *     envelope -> billing.charge(envelope.payload()));
 * runner.registerShutdown(Duration.ofSeconds(30));   // SIGTERM / Ctrl-C: cancel, drain, ack, close
 * }</pre>
 *
 * <p>As a {@link GracefulStop}: intake stops with {@code basic.cancel} (the broker sends nothing
 * more), the drain waits for the runner to finish and acknowledge what it holds (bounded), and the
 * release closes the channel and connection — whatever is still unacknowledged then returns to the
 * queue for the next consumer — and the dead-letter connection, and reports what it did.
 *
 * @param <T> the payload type
 */
public final class AmqpRunner<T> extends SourceRunner<AmqpControl> {

  private static final Logger log = LoggerFactory.getLogger(AmqpRunner.class);

  private final AmqpSourceSettings<T> settings;
  private final AmqpDeadLetterSink<T> deadLetters;
  private volatile long abandonedAtRelease;

  private AmqpRunner(ClassicActorSystemProvider system, AmqpSourceSettings<T> settings, AmqpControl control,
      ProcessingMetrics metrics, CompletionStage<Done> completion, AmqpDeadLetterSink<T> deadLetters) {
    super(system, control, metrics, completion);
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  /**
   * Starts consuming and returns once the consumer is attached to the queue; throws an {@link
   * AmqpSetupException} that says what is wrong (broker unreachable, bad credentials, declaration
   * conflict, missing queue) within the connection timeout plus the RPC timeout.
   */
  public static <T, R> AmqpRunner<T> start(ClassicActorSystemProvider system, AmqpSourceSettings<T> settings,
      ProcessingSettings processing, Function<Envelope<T>, ? extends CompletionStage<R>> handler) {
    if (settings.prefetch() < processing.parallelism()) {
      log.warn("amqp-consumer[{}]: prefetch {} is below the parallelism {}: at most {} handlers can run; raise "
          + "withPrefetch", settings.queue(), settings.prefetch(), processing.parallelism(), settings.prefetch());
    }
    Duration bound = settings.connection().connectionTimeout().multipliedBy(2)
        .plus(settings.connection().rpcTimeout());
    AmqpDeadLetterSink<T> deadLetters = AmqpDeadLetterSink.create(settings);
    AmqpControl control = null;
    try {
      await(deadLetters.prepare(settings.queue()), bound); // fails fast and clearly when the broker is unreachable
      Pair<AmqpControl, Pair<ProcessingMetrics, CompletionStage<Done>>> running =
          AmqpSource.create(system, settings, deadLetters)
              .toMat(Processing.<T, R>envelopeSink(processing, handler, deadLetters), Keep.both())
              .run(system.classicSystem());
      control = running.first();
      await(control.ready(), bound);
      return new AmqpRunner<>(system, settings, control, running.second().first(), running.second().second(),
          deadLetters);
    } catch (RuntimeException e) {
      if (control != null) {
        control.shutdown();
      }
      deadLetters.close();
      throw e;
    }
  }

  private static void await(CompletionStage<Done> stage, Duration bound) {
    try {
      stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new AmqpSetupException("starting the AMQP consumer failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new AmqpSetupException("the AMQP consumer did not start within " + bound.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpSetupException("interrupted while starting the AMQP consumer", e);
    }
  }

  @Override
  public String name() {
    return "amqp-consumer[" + settings.queue() + "]";
  }

  @Override
  public CompletionStage<String> release() {
    AmqpControl control = control();
    long abandoned = control.unacknowledged();
    abandonedAtRelease = abandoned;
    return control.shutdown().toCompletableFuture()
        .orTimeout(settings.connection().rpcTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)
        .handle((done, error) -> Done.getInstance())
        .thenApply(done -> {
          deadLetters.close();
          long drained = drainedSinceDrainStart();
          return "drained=" + drained + " acknowledged=" + control.acknowledged() + " abandoned=" + abandoned
              + " (returned to queue " + settings.queue() + ")";
        });
  }

  /** @return how many deliveries were still unacknowledged when the stop closed the connection */
  public long abandonedAtStop() {
    return abandonedAtRelease;
  }

  @Override
  public long inFlight() {
    return control().unacknowledged();
  }
}
