package io.tributary.connectors.amqp;

/**
 * An AMQP source or sink cannot start: the broker does not answer or refuses the connection, the
 * credentials or virtual host are wrong, a declaration conflicts with what exists, or the queue
 * is missing. The message says what was wrong, with the offending value (the URI without its
 * password), and what to do.
 */
public final class AmqpSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong and what to do */
  public AmqpSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
