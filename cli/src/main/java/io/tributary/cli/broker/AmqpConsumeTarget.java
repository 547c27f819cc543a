package io.tributary.cli.broker;

import io.tributary.connectors.amqp.AmqpRunner;
import io.tributary.connectors.amqp.AmqpSetupException;
import io.tributary.connectors.amqp.AmqpSourceSettings;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code consume --amqp-uri}: an {@link AmqpRunner} on one queue (declared durable if missing,
 * like {@code produce} declares it), with manual acks after the handler. The key of a message is
 * its {@value #KEY_HEADER} header, which {@code produce} sets: messages through the default
 * exchange all carry the queue's name as routing key. The prefetch leaves room for the runner's
 * buffer. Columns: queue and delivery tag.
 */
public final class AmqpConsumeTarget implements ConsumeTarget {

  /** The header that carries a record's key (the name NATS uses too). */
  public static final String KEY_HEADER = "Tributary-Key";

  /** How long the stop waits for the intake stop before it goes on to the drain (see {@link BoundedIntakeStop}). */
  private static final Duration INTAKE_STOP_BOUND = Duration.ofSeconds(1);

  private final AmqpSourceSettings<String> settings;

  /** @param parallelism the runner's parallelism: the prefetch is at least 8 times as many (min 256) */
  public AmqpConsumeTarget(String uri, String queue, int parallelism) {
    this(uri, queue, parallelism, java.util.Map.of());
  }

  /**
   * @param parallelism the runner's parallelism: the prefetch is at least 8 times as many (min 256)
   * @param clientConfig TLS and credentials ({@link ClientSecurity#amqp}), empty for none
   */
  public AmqpConsumeTarget(String uri, String queue, int parallelism, java.util.Map<String, String> clientConfig) {
    AmqpSourceSettings<String> s = AmqpSourceSettings.create(uri, queue, PayloadDecoder.string())
        .withKeyFromHeader(KEY_HEADER)
        .withPrefetch((int) Math.min(65_535, Math.max(256, 8L * parallelism)));
    this.settings = s.withConnection(ClientSecurity.amqp(s.connection(), clientConfig));
  }

  @Override
  public RunningConsumer start(ActorSystem<?> system, ProcessingSettings processing,
      Function<Envelope<String>, CompletionStage<Done>> handler) {
    AmqpRunner<String> runner;
    try {
      runner = AmqpRunner.start(system, settings, processing, handler); // returns once attached to the queue
    } catch (AmqpSetupException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
    // basic.cancel goes out at once; the drain need not wait until the source stage gave up its buffer
    return new RunningConsumer(new BoundedIntakeStop(runner, INTAKE_STOP_BOUND), runner.completion(), () -> true,
        runner::abandonedAtStop);
  }

  @Override
  public String columns(SourcePosition position) {
    return position.source() + "\t" + position.offset();
  }
}
