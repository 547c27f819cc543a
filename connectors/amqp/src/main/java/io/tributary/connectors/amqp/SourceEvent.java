package io.tributary.connectors.amqp;

import com.rabbitmq.client.ShutdownSignalException;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;

/** What the broker side of an {@link AmqpSource} tells its stage, through one async callback, in order. */
sealed interface SourceEvent {

  /** A session is ready to consume; deliveries of it follow. */
  record Connected(ConsumerSession session) implements SourceEvent {}

  /** Opening a session failed. */
  record ConnectFailed(Throwable error) implements SourceEvent {}

  /** A decoded delivery. */
  record Delivered(ConsumerSession session, Envelope<?> envelope) implements SourceEvent {}

  /** The broker confirmed our {@code basic.cancel}: no more deliveries on this session. */
  record CancelOk(ConsumerSession session) implements SourceEvent {}

  /** The broker cancelled the consumer (the queue was deleted, for instance). */
  record CancelledByBroker(ConsumerSession session) implements SourceEvent {}

  /** The session's channel closed (connection lost, or a channel error). */
  record Lost(ConsumerSession session, ShutdownSignalException cause) implements SourceEvent {}

  /** The dead-letter write of an undecodable delivery failed: the stream must stop. */
  record DeadLetterFailed(SourcePosition position, Throwable error) implements SourceEvent {}

  /** {@link AmqpControl#stop()}: cancel the consumer, emit what is held, complete. */
  record StopRequested() implements SourceEvent {}

  /** {@link AmqpControl#shutdown()} or {@link AmqpControl#abort()}: end now. */
  record EndRequested(Throwable failure) implements SourceEvent {}
}
