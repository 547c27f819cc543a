package io.tributary.cli.broker;

import io.tributary.connectors.nats.NatsRunner;
import io.tributary.connectors.nats.NatsSetupException;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingSettings;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code consume --nats-url}: a {@link NatsRunner} on a JetStream durable pull consumer (the stream
 * must exist; {@code produce} creates it). The key of a message is its {@code Tributary-Key}
 * header. A failed message goes to the dead-letter subject after the runner's retries, without
 * nak and redelivery, so per-key order holds as with Kafka. Columns: stream and stream sequence.
 */
public final class NatsConsumeTarget implements ConsumeTarget {

  /** The durable consumer's name when {@code --group} is not given. */
  public static final String DEFAULT_DURABLE = "tributary-consume";

  private final NatsSourceSettings<String> settings;

  /**
   * @param durable the durable consumer's name, or null for {@value #DEFAULT_DURABLE}
   * @param subject consume only the stream's messages on this subject (wildcards allowed), or null for all
   * @param parallelism the runner's parallelism: max_ack_pending leaves room for its buffer and a fetch
   */
  public NatsConsumeTarget(String url, String stream, String durable, String subject, int parallelism) {
    this(url, stream, durable, subject, parallelism, java.util.Map.of());
  }

  /**
   * As {@link #NatsConsumeTarget(String, String, String, String, int)}, secured by a client config.
   *
   * @param clientConfig TLS and authentication ({@link ClientSecurity#nats}), empty for none
   */
  public NatsConsumeTarget(String url, String stream, String durable, String subject, int parallelism,
      java.util.Map<String, String> clientConfig) {
    if (url.isBlank()) {
      throw new IllegalArgumentException("--nats-url must not be empty");
    }
    NatsSourceSettings<String> s = NatsSourceSettings
        .create(url, stream, durable == null ? DEFAULT_DURABLE : durable, PayloadDecoder.string())
        .withoutNakOnFailure()
        .withSecurity(ClientSecurity.nats(clientConfig));
    if (subject != null) {
      s = s.withFilterSubject(subject);
    }
    this.settings = s.withMaxAckPending((int) Math.min(Integer.MAX_VALUE,
        Math.max(s.maxAckPending(), 4L * parallelism + s.maxBatch())));
  }

  @Override
  public RunningConsumer start(ActorSystem<?> system, ProcessingSettings processing,
      Function<Envelope<String>, CompletionStage<Done>> handler) {
    NatsRunner<String> runner;
    try {
      runner = NatsRunner.start(system, settings, processing, handler); // the durable consumer exists on return
    } catch (NatsSetupException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
    return new RunningConsumer(runner, runner.completion(), () -> true, runner::abandonedAtStop);
  }

  @Override
  public String columns(SourcePosition position) {
    return position.source() + "\t" + position.offset();
  }
}
