package io.tributary.connectors.amqp;

/**
 * The headers a dead letter carries next to the original body, headers and properties: why it
 * failed and where it came from, so it can be inspected and replayed. The error headers have the
 * same names as the Kafka connector's ({@code tributary.error.class}, {@code
 * tributary.error.message}, {@code tributary.attempts}, {@code tributary.first.failure}, {@code
 * tributary.stage}); the origin is a queue, an exchange and a routing key instead of a partition
 * and an offset. Values are UTF-8 text.
 */
public final class AmqpDeadLetterHeaders {
  private AmqpDeadLetterHeaders() {}

  /** The class of the last error, e.g. {@code com.fasterxml.jackson.core.JsonParseException}. */
  public static final String ERROR_CLASS = "tributary.error.class";
  /** The last error's message. */
  public static final String ERROR_MESSAGE = "tributary.error.message";
  /** The queue the message was consumed from. */
  public static final String ORIGINAL_QUEUE = "tributary.original.queue";
  /** The exchange it had been published to ({@code ""} = the default exchange). */
  public static final String ORIGINAL_EXCHANGE = "tributary.original.exchange";
  /** The routing key it had been published with. */
  public static final String ORIGINAL_ROUTING_KEY = "tributary.original.routing.key";
  /** Its delivery tag on the consumer's channel, in decimal (for log correlation only). */
  public static final String ORIGINAL_DELIVERY_TAG = "tributary.original.delivery.tag";
  /** How many attempts were made, in decimal (1 for a payload that could not be decoded). */
  public static final String ATTEMPTS = "tributary.attempts";
  /** When the first attempt failed, ISO-8601 (e.g. {@code 2026-11-28T11:40:00.123Z}). */
  public static final String FIRST_FAILURE = "tributary.first.failure";
  /** Which step gave up: {@code decode} or {@code handler}. */
  public static final String STAGE = "tributary.stage";
}
