package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.ProcessingSettings;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.ClassicActorSystemProvider;

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
 * <p>As a {@link Describable} it tells the subject it receives from (its filter subject, else the
 * subject of a stream it creates; unknown otherwise) and the dead-letter subject it sends to.
 *
 * <p>As a {@link GracefulStop}: intake stops with the fetching (fetched messages not yet started are
 * nak'd, so another instance gets them at once), the drain waits for the runner to finish what it
 * holds, and the release flushes the acknowledgements, closes the connection and reports. Messages
 * still open when the drain timeout ran out are not acknowledged: the server redelivers them after
 * the ack wait (at-least-once).
 *
 * @param <T> the payload type
 */
public final class NatsRunner<T> extends SourceRunner<NatsControl> implements Describable {

  private final NatsSourceSettings<T> settings;
  private final NatsDeadLetterSink<T> deadLetters;

  private NatsRunner(ClassicActorSystemProvider system, NatsSourceSettings<T> settings,
      Started<NatsControl> started, NatsDeadLetterSink<T> deadLetters) {
    super(system, started, () -> {}); // the dead-letter sink shares the connection the control closes
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
    Connection connection = NatsConnections.connect(settings.servers(), settings.security(),
        settings.connectionTimeout(), "tributary-" + settings.stream() + "-" + settings.durable());
    try {
      ConsumerContext consumer = JetStreamSetup.prepare(connection, settings);
      NatsDeadLetterSink<T> deadLetters = NatsDeadLetterSink.create(connection, settings);
      Started<NatsControl> started = SourceRunner.start(system, "nats",
          NatsSource.jetStream(settings, connection, consumer, deadLetters, true), processing, handler, deadLetters,
          settings.connectionTimeout(), NatsSetupException::new);
      NatsRunner<T> runner = new NatsRunner<>(system, settings, started, deadLetters);
      runner.bindTelemetry();
      return runner;
    } catch (RuntimeException e) {
      NatsConnections.closeQuietly(connection);
      throw e;
    }
  }

  /** @return the dead-letter sink the runner uses */
  public NatsDeadLetterSink<T> deadLetters() {
    return deadLetters;
  }

  /**
   * The channels of a runner with these settings, without starting one.
   *
   * @param settings the settings
   * @return the subject received from, then the dead-letter subject sent to
   */
  public static List<ChannelDescription> describe(NatsSourceSettings<?> settings) {
    return NatsDescriptions.consumer(settings);
  }

  /** @return the subject this runner receives from and its dead-letter subject */
  @Override
  public List<ChannelDescription> describe() {
    return describe(settings);
  }

  @Override
  public String name() {
    return "nats-consumer[" + settings.stream() + "/" + settings.durable() + "]";
  }

  @Override
  protected String report(long abandoned) {
    NatsControl control = control();
    return "acknowledged=" + control.acknowledged() + " nakd=" + control.nakd() + " deadLettered="
        + metrics().deadLettered() + " abandoned=" + abandoned;
  }
}
