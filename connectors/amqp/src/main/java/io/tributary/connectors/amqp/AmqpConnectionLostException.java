package io.tributary.connectors.amqp;

/**
 * A source's connection was lost and could not be re-established within the recovery timeout
 * ({@link AmqpConnectionSettings#withRecoveryTimeout}), or the broker cancelled the consumer (the
 * queue was deleted). Messages that were not acknowledged stay in the queue: the broker requeued
 * them when the connection closed.
 */
public final class AmqpConnectionLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was lost, for how long, and what to do */
  public AmqpConnectionLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
