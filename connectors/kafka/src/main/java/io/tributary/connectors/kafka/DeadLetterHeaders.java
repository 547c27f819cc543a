package io.tributary.connectors.kafka;

/**
 * The headers a dead-letter record carries next to the original key, value and headers: why it
 * failed and where it came from, so it can be inspected and replayed.
 */
public final class DeadLetterHeaders {
  private DeadLetterHeaders() {}

  /** The class of the last error, e.g. {@code com.fasterxml.jackson.core.JsonParseException}. */
  public static final String ERROR_CLASS = "tributary.error.class";
  /** The last error's message. */
  public static final String ERROR_MESSAGE = "tributary.error.message";
  /** The topic the record was consumed from. */
  public static final String ORIGINAL_TOPIC = "tributary.original.topic";
  /** Its partition, in decimal. */
  public static final String ORIGINAL_PARTITION = "tributary.original.partition";
  /** Its offset, in decimal. */
  public static final String ORIGINAL_OFFSET = "tributary.original.offset";
  /** How many attempts were made, in decimal (1 for a payload that could not be decoded). */
  public static final String ATTEMPTS = "tributary.attempts";
  /** When the first attempt failed, ISO-8601 (e.g. {@code 2026-11-28T11:40:00.123Z}). */
  public static final String FIRST_FAILURE = "tributary.first.failure";
  /** Which step gave up: {@code decode} or {@code handler}. */
  public static final String STAGE = "tributary.stage";
}
