package io.tributary.connectors.kafka.admin;

/**
 * A Kafka source or sink cannot start: the brokers do not answer, or a topic is missing. The
 * message says what was wrong, with the offending value, and what to do.
 */
public class KafkaSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong and what to do */
  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
