package io.tributary.streams.deadletter;

/**
 * The headers every dead letter carries, whatever the broker (Kafka, AMQP and NATS all allow dotted
 * names), next to the original key, value and headers: why the message failed and where it came
 * from, so it can be inspected and replayed. Values are UTF-8 text; decimal numbers and ISO-8601
 * instants are text too.
 */
public final class DeadLetterHeaders {
  private DeadLetterHeaders() {}

  /** The class of the last error, e.g. {@code com.fasterxml.jackson.core.JsonParseException}. */
  public static final String ERROR_CLASS = "tributary.error.class";
  /** The last error's message (empty when it had none). */
  public static final String ERROR_MESSAGE = "tributary.error.message";
  /**
   * Only when the payload did not match its schema (a {@link
   * io.tributary.streams.codec.PayloadValidationException} at {@code decode}): a JSON array of
   * {@code {"pointer": ..., "message": ...}}, the instance location as a JSON pointer and what is wrong
   * there, at most as many as the validator keeps (20 by default), e.g. {@code
   * [{"pointer":"/qty","message":"string found, integer expected"}]}. {@link
   * io.tributary.streams.codec.SchemaViolation#fromJson} reads it back.
   */
  public static final String VALIDATION_ERRORS = "tributary.validation.errors";
  /** How many handler attempts were made (0 past max-deliver, 1 for a payload that could not be decoded). */
  public static final String ATTEMPTS = "tributary.attempts";
  /** When the first attempt failed, ISO-8601 (e.g. {@code 2026-11-28T11:40:00.123Z}). */
  public static final String FIRST_FAILURE = "tributary.first.failure";
  /** Which step gave up: {@code decode}, {@code handler} or {@code max-deliver} ({@link DeadLetterStage}). */
  public static final String STAGE = "tributary.stage";
  /** Where the message was consumed from: the Kafka topic, the AMQP queue, the NATS stream. */
  public static final String ORIGINAL_SOURCE = "tributary.original.source";
  /** Its Kafka partition (0 for brokers without partitions). */
  public static final String ORIGINAL_PARTITION = "tributary.original.partition";
  /** Its position there: the Kafka offset, the AMQP delivery tag, the NATS stream sequence. */
  public static final String ORIGINAL_POSITION = "tributary.original.position";
  /** AMQP: the exchange it had been published to ({@code ""} = the default exchange). */
  public static final String ORIGINAL_EXCHANGE = "tributary.original.exchange";
  /** AMQP: the routing key it had been published with. */
  public static final String ORIGINAL_ROUTING_KEY = "tributary.original.routing.key";
  /** NATS: the subject it had been published to. */
  public static final String ORIGINAL_SUBJECT = "tributary.original.subject";
  /** NATS: how many times the message was delivered. */
  public static final String DELIVERIES = "tributary.deliveries";
}
