package io.tributary.connectors.nats;

/**
 * A NATS source, sink or dead-letter destination cannot start: the server does not answer, a
 * stream is missing, or a consumer cannot be created. The message says what was wrong, with the
 * offending value, and what to do.
 */
public final class NatsSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong and what to do */
  public NatsSetupException(String message) {
    super(message);
  }

  /** @param message what was wrong and what to do */
  public NatsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
