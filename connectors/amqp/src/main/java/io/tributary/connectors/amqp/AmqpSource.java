package io.tributary.connectors.amqp;

import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.envelope.Envelope;
import java.util.Objects;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A backpressured source of {@link Envelope}s from a RabbitMQ queue, on the official RabbitMQ Java
 * client, with manual acknowledgements: a message leaves the queue only when its envelope is
 * acknowledged, after its last step (or after it was dead-lettered).
 *
 * <pre>{@code
 * AmqpSourceSettings<Order> settings = AmqpSourceSettings.create(
 *     "amqp://guest:guest@127.0.0.1:5672", "orders", PayloadDecoder.json(Order.class));
 * AmqpDeadLetterSink<Order> deadLetters = AmqpDeadLetterSink.create(settings);
 * Pair<AmqpControl, CompletionStage<Done>> running = AmqpSource.create(system, settings, deadLetters)
 *     .via(Processing.flow(ProcessingSettings.defaults().withParallelism(64), billing::charge, deadLetters))
 *     .toMat(Processing.acknowledgeSink(), Keep.both())
 *     .run(system);
 * // later: running.first().drainAndShutdown(running.second(), executor)
 * }</pre>
 *
 * <p><b>Backpressure.</b> The consumer's prefetch ({@code basic.qos}, {@link
 * AmqpSourceSettings#withPrefetch}, default 256) bounds the deliveries it holds without having
 * acknowledged them — buffered in the stage, in the processing runner, or running in a handler. A
 * stalled handler stops the flow at that bound: the broker sends nothing more until something is
 * acknowledged, so memory stays bounded however slow the consumer is.
 *
 * <p><b>Envelopes.</b> Key: the routing key, or the text of a header ({@link
 * AmqpSourceSettings#withKeyFromHeader}). Messages published through the default exchange carry
 * the queue name as routing key, so they all share one key: use a header key (or an exchange with
 * meaningful routing keys) when ordering per key should allow concurrency. Position: {@code
 * (queue, 0, delivery tag)}. Headers: the AMQP headers table (non-text values as their text form).
 * Timestamp: the message's timestamp property, else the time of receipt. The acknowledgement is an
 * {@link AmqpAcknowledgement}, which can also requeue or reject.
 *
 * <p><b>Failures.</b> Undecodable payloads go to the dead-letter queue ({@code <queue>.dlq}) with
 * the reason and are acknowledged; they never crash the stream and never vanish. If that write
 * fails, the stream fails without acknowledging the message.
 *
 * <p><b>Lost connections.</b> The client's automatic recovery is off; the source reconnects
 * itself (every {@link AmqpConnectionSettings#recoveryInterval()}, for at most {@link
 * AmqpConnectionSettings#recoveryTimeout()}, then the stream fails), re-declares, and consumes
 * again on a new channel. The broker requeues every message the lost channel had not acknowledged
 * and delivers it again (flagged redelivered). Delivery tags belong to their channel: each
 * envelope's acknowledgement is bound to the session (connection and channel) that delivered it,
 * and an acknowledgement of a lost session is dropped — never sent on the new channel, where the
 * same tag would name another message. Deliveries of the lost channel still buffered in the stage
 * are dropped too. Messages being processed when the connection is lost are therefore processed
 * again after the reconnect: at-least-once, nothing lost.
 *
 * <p><b>Graceful stop.</b> See {@link AmqpControl#drainAndShutdown} and {@link AmqpRunner}.
 */
public final class AmqpSource {

  private AmqpSource() {}

  /**
   * A source whose undecodable payloads go to a dead-letter sink each materialization creates
   * (and closes at shutdown). Connects when materialized; {@link AmqpControl#ready()} tells when it consumes.
   */
  public static <T> Source<Envelope<T>, AmqpControl> create(ClassicActorSystemProvider system,
      AmqpSourceSettings<T> settings) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(settings, "settings");
    return Source.fromGraph(new AmqpSourceStage<>(settings, null));
  }

  /** A source whose undecodable payloads go to {@code deadLetters} (the caller closes it). */
  public static <T> Source<Envelope<T>, AmqpControl> create(ClassicActorSystemProvider system,
      AmqpSourceSettings<T> settings, DeadLetterSink<?> deadLetters) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(deadLetters, "deadLetters");
    return Source.fromGraph(new AmqpSourceStage<>(settings, deadLetters));
  }
}
