package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;

/**
 * A complete NATS JetStream consumer: durable pull source, processing runner (a handler per
 * message, bounded parallelism, ordered per key, retries, then nak for redelivery or dead-letter)
 * and acknowledgement, with a graceful stop. The NATS counterpart of {@code KafkaRunner}:
 *
 * <pre>{@code
 * NatsRunner<Order> runner = NatsRunner.start(system,
 *     NatsSourceSettings.create("nats://127.0.0.1:4222", "ORDERS", "billing", PayloadDecoder.json(Order.class)),
 *     ProcessingSettings.defaults().withParallelism(64),
 *     envelope -> billing.charge(envelope.payload()));
 * runner.registerShutdown(Duration.ofSeconds(30));   // SIGTERM / Ctrl-C: stop, drain, ack, close
 * }</pre>
 *
 * <p>Failures: after the runner's retries a message is nak'd for redelivery with a growing delay
 * until it was delivered {@code maxDeliver} times, then published to the dead-letter subject and
 * acknowledged (see {@link NatsDeadLetterSink}); {@link NatsSourceSettings#withoutNakOnFailure()}
 * dead-letters right after the retries. Redelivery lets later messages of the key go first.
 *
 * <p>As a {@link GracefulStop}: intake stops with the fetching (fetched messages not yet started are
 * nak'd, so another instance gets them at once), the drain waits for the runner to finish what it
 * holds, and the release flushes the acknowledgements, closes the connection and reports. Messages
 * still open when the drain timeout ran out are not acknowledged: the server redelivers them after
 * the ack wait (at-least-once).
 *
 * @param <T> the payload type
 */
public final class NatsRunner<T> extends SourceRunner<NatsControl> {

  private final NatsSourceSettings<T> settings;
  private final NatsDeadLetterSink<T> deadLetters;
  private volatile long abandonedAtRelease;

  private NatsRunner(ClassicActorSystemProvider system, NatsSourceSettings<T> settings, NatsControl control,
      ProcessingMetrics metrics, CompletionStage<Done> completion, NatsDeadLetterSink<T> deadLetters) {
    super(system, control, metrics, completion);
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  /**
   * Starts consuming: connects, checks the stream, creates or updates the durable consumer and the
   * dead-letter stream (failing with a clear {@link NatsSetupException}), then runs source ->
   * handler -> acknowledgement.
   */
  public static <T, R> NatsRunner<T> start(ClassicActorSystemProvider system, NatsSourceSettings<T> settings,
      ProcessingSettings processing, Function<Envelope<T>, ? extends CompletionStage<R>> handler) {
    Connection connection = NatsConnections.connect(settings.servers(), settings.connectionTimeout(),
        "tributary-" + settings.stream() + "-" + settings.durable());
    try {
      ConsumerContext consumer = JetStreamSetup.prepare(connection, settings);
      NatsDeadLetterSink<T> deadLetters = NatsDeadLetterSink.create(connection, settings);
      Pair<NatsControl, Pair<ProcessingMetrics, CompletionStage<Done>>> running =
          NatsSource.jetStream(settings, connection, consumer, deadLetters, true)
              .toMat(Processing.<T, R>envelopeSink(processing, handler, deadLetters), Keep.both())
              .run(system.classicSystem());
      return new NatsRunner<>(system, settings, running.first(), running.second().first(),
          running.second().second(), deadLetters);
    } catch (RuntimeException e) {
      NatsConnections.closeQuietly(connection);
      throw e;
    }
  }

  /** @return the dead-letter sink the runner uses */
  public NatsDeadLetterSink<T> deadLetters() {
    return deadLetters;
  }

  @Override
  public String name() {
    return "nats-consumer[" + settings.stream() + "/" + settings.durable() + "]";
  }

  @Override
  protected CompletionStage<Done> awaitDrained(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return completion().toCompletableFuture()
        .handle((done, error) -> Done.getInstance())
        .thenCompose(d -> settled(deadline)) // dead letters of undecodable payloads may still be on their way
        .completeOnTimeout(Done.getInstance(), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<Done> settled(long deadlineNanos) {
    if (control().openMessages() <= 0 || System.nanoTime() >= deadlineNanos) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    ActorSystem classic = system().classicSystem();
    CompletableFuture<Done> next = new CompletableFuture<>();
    classic.scheduler().scheduleOnce(Duration.ofMillis(10), () -> settled(deadlineNanos)
        .whenComplete((d, e) -> next.complete(Done.getInstance())), classic.dispatcher());
    return next;
  }

  @Override
  public CompletionStage<String> release() {
    abandonedAtRelease = control().openMessages();
    return control().shutdown().toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .handle((done, error) -> report());
  }

  private String report() {
    NatsControl control = control();
    return "drained=" + drainedSinceDrainStart() + " acknowledged=" + control.acknowledged() + " nakd="
        + control.nakd() + " deadLettered=" + metrics().deadLettered() + " abandoned=" + abandonedAtRelease;
  }

  /** @return messages still open when the stop released the connection (redelivered after the ack wait) */
  public long abandonedAtStop() {
    return abandonedAtRelease;
  }

  @Override
  public long inFlight() {
    return control().openMessages();
  }
}
