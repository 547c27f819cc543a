package io.tributary.connectors.nats;

/**
 * The headers a dead-letter message carries next to the original data and headers: why it failed
 * and where it came from, so it can be inspected and replayed. The NATS counterparts of the Kafka
 * connector's {@code tributary.*} headers (NATS header values are US-ASCII text without line breaks;
 * longer or other text is cleaned and cut to 1,024 characters).
 */
public final class NatsDeadLetterHeaders {
  private NatsDeadLetterHeaders() {}

  /** The class of the last error, e.g. {@code com.fasterxml.jackson.core.JsonParseException}. */
  public static final String ERROR_CLASS = "Tributary-Error-Class";
  /** The last error's message. */
  public static final String ERROR_MESSAGE = "Tributary-Error-Message";
  /** The JetStream stream the message was consumed from (the subject for core NATS). */
  public static final String ORIGINAL_STREAM = "Tributary-Original-Stream";
  /** The subject the message was published to. */
  public static final String ORIGINAL_SUBJECT = "Tributary-Original-Subject";
  /** Its stream sequence, in decimal. */
  public static final String ORIGINAL_SEQUENCE = "Tributary-Original-Sequence";
  /** How many handler attempts the last delivery made, in decimal (1 for a payload that could not be decoded). */
  public static final String ATTEMPTS = "Tributary-Attempts";
  /** How many times the server delivered the message, in decimal. */
  public static final String DELIVERIES = "Tributary-Deliveries";
  /** When the first attempt failed, ISO-8601 (e.g. {@code 2026-11-28T11:40:00.123Z}). */
  public static final String FIRST_FAILURE = "Tributary-First-Failure";
  /**
   * Which step gave up: {@code decode} (the decoder threw), {@code handler} (the handler failed on
   * every attempt and delivery) or {@code max-deliver} (delivered more often than the limit, for
   * instance because consumers crashed on it).
   */
  public static final String STAGE = "Tributary-Stage";
}
