package io.tributary.connectors.kafka.admin;

/**
 * No Kafka broker answered within the timeout: the address is wrong, or the brokers are down or
 * unreachable from here. The message names the bootstrap servers and the timeout.
 */
public final class KafkaUnreachableException extends KafkaSetupException {
  private static final long serialVersionUID = 1L;

  /** @param message what was tried, against which brokers, and what to check */
  public KafkaUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
