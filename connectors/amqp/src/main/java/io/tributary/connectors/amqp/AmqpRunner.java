package io.tributary.connectors.amqp;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.ClassicActorSystemProvider;
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
 * <p>As a {@link Describable} it tells the queue it receives from (payload: the decoder's target type)
 * and the dead-letter queue it sends to.
 *
 * <p>As a {@link GracefulStop}: intake stops with {@code basic.cancel} (the broker sends nothing
 * more), the drain waits for the runner to finish and acknowledge what it holds (bounded), and the
 * release closes the channel and connection — whatever is still unacknowledged then returns to the
 * queue for the next consumer — and the dead-letter connection, and reports what it did.
 *
 * @param <T> the payload type
 */
public final class AmqpRunner<T> extends SourceRunner<AmqpControl> implements Describable {

  private static final Logger log = LoggerFactory.getLogger(AmqpRunner.class);

  private final AmqpSourceSettings<T> settings;

  private AmqpRunner(ClassicActorSystemProvider system, AmqpSourceSettings<T> settings,
      Started<AmqpControl> started, AmqpDeadLetterSink<T> deadLetters) {
    super(system, started, deadLetters::close);
    this.settings = settings;
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
    try {
      // fails fast and clearly when the broker is unreachable
      SourceRunner.await(deadLetters.prepare(settings.queue()), bound, "the AMQP dead-letter queue was not ready",
          AmqpSetupException::new);
      Started<AmqpControl> started = SourceRunner.start(system, "rabbitmq",
          AmqpSource.create(system, settings, deadLetters), processing, handler, deadLetters, bound,
          AmqpSetupException::new);
      AmqpRunner<T> runner = new AmqpRunner<>(system, settings, started, deadLetters);
      runner.bindTelemetry();
      return runner;
    } catch (RuntimeException e) {
      deadLetters.close();
      throw e;
    }
  }

  /**
   * The channels of a runner with these settings, without starting one: the queue received from and
   * its dead-letter queue sent to.
   *
   * @param settings the settings
   * @return the descriptions
   */
  public static List<ChannelDescription> describe(AmqpSourceSettings<?> settings) {
    return AmqpDescriptions.consumer(settings);
  }

  /** @return the queue this runner receives from and its dead-letter queue */
  @Override
  public List<ChannelDescription> describe() {
    return describe(settings);
  }

  @Override
  public String name() {
    return "amqp-consumer[" + settings.queue() + "]";
  }

  @Override
  protected Duration shutdownTimeout() {
    return settings.connection().rpcTimeout().plusSeconds(5);
  }

  @Override
  protected String report(long abandoned) {
    return "acknowledged=" + control().acknowledged() + " abandoned=" + abandoned + " (returned to queue "
        + settings.queue() + ")";
  }
}
