package io.tributary.cli.broker;

import io.tributary.cli.commands.CommandFailedException;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingSettings;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The broker-specific part of {@code tributary consume}: which runner consumes, how it is set up,
 * and what the first two columns of an output line say about where a message came from.
 * Everything else — the handler, the output, the graceful stop, the idle stop — is the command's,
 * the same for every broker. One implementation per broker: {@link KafkaConsumeTarget}, {@link
 * AmqpConsumeTarget}, {@link NatsConsumeTarget}.
 */
public interface ConsumeTarget {

  /**
   * Starts the broker's runner with {@code handler} under {@code processing}; returns once it is
   * started.
   *
   * @throws CommandFailedException when the broker cannot be reached or refuses the setup (the
   *     message says what to check)
   */
  RunningConsumer start(ActorSystem<?> system, ProcessingSettings processing,
      Function<Envelope<String>, CompletionStage<Done>> handler);

  /**
   * @return the first two tab-separated columns of a message's output line: Kafka {@code
   *     <partition>\t<offset>}, RabbitMQ {@code <queue>\t<delivery tag>}, NATS {@code
   *     <stream>\t<stream sequence>}
   */
  String columns(SourcePosition position);
}
