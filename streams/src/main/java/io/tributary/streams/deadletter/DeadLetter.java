package io.tributary.streams.deadletter;

import io.tributary.streams.codec.PayloadValidationException;
import io.tributary.streams.codec.SchemaViolation;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message that cannot be processed, as every connector's dead-letter sink stores it: the original
 * key, value and headers, the error, and where the message came from. {@link #headers()} gives the
 * header set of {@link DeadLetterHeaders}, the same for every broker.
 *
 * @param key the original key bytes, or {@code null}
 * @param value the original value bytes (the payload as received)
 * @param originalHeaders the original headers, in broker order
 * @param origin where the message was consumed from
 * @param errorClass the class of the last error
 * @param errorMessage the last error's message (empty when it had none)
 * @param attempts how many handler attempts were made
 * @param firstFailure when the first attempt failed
 * @param stage which step gave up
 * @param originDetails broker-specific origin headers (exchange, routing key, subject, deliveries), in order
 * @param validationErrors where and how the payload did not match its schema (empty unless the
 *     error was a {@link PayloadValidationException})
 */
public record DeadLetter(byte[] key, byte[] value, List<Header> originalHeaders, SourcePosition origin,
    String errorClass, String errorMessage, int attempts, Instant firstFailure, DeadLetterStage stage,
    Map<String, String> originDetails, List<SchemaViolation> validationErrors) {

  /** Validates and copies. */
  public DeadLetter {
    Objects.requireNonNull(value, "value");
    originalHeaders = originalHeaders == null ? List.of() : List.copyOf(originalHeaders);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(errorClass, "errorClass");
    errorMessage = errorMessage == null ? "" : errorMessage;
    Objects.requireNonNull(firstFailure, "firstFailure");
    Objects.requireNonNull(stage, "stage");
    originDetails = originDetails == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(originDetails));
    validationErrors = validationErrors == null ? List.of() : List.copyOf(validationErrors);
  }

  /**
   * A dead letter without validation errors.
   *
   * @param key the original key bytes, or {@code null}
   * @param value the original value bytes
   * @param originalHeaders the original headers
   * @param origin where the message was consumed from
   * @param errorClass the class of the last error
   * @param errorMessage the last error's message
   * @param attempts how many handler attempts were made
   * @param firstFailure when the first attempt failed
   * @param stage which step gave up
   * @param originDetails broker-specific origin headers
   */
  public DeadLetter(byte[] key, byte[] value, List<Header> originalHeaders, SourcePosition origin,
      String errorClass, String errorMessage, int attempts, Instant firstFailure, DeadLetterStage stage,
      Map<String, String> originDetails) {
    this(key, value, originalHeaders, origin, errorClass, errorMessage, attempts, firstFailure, stage,
        originDetails, List.of());
  }

  /**
   * The dead letter of {@code envelope}: its raw key and value as received (the key's text, or the
   * payload's text, when the source kept no bytes), its headers and position; when the failure's
   * cause is a {@link PayloadValidationException}, its violations.
   *
   * @param envelope the message that gave up
   * @param failure why
   * @param stage which step gave up
   * @return the dead letter, without broker-specific origin details
   */
  public static DeadLetter of(Envelope<?> envelope, ProcessingFailure failure, DeadLetterStage stage) {
    byte[] key = envelope.rawKey() != null ? envelope.rawKey()
        : envelope.key() == null ? null : envelope.key().getBytes(StandardCharsets.UTF_8);
    byte[] value = envelope.rawValue() != null ? envelope.rawValue()
        : String.valueOf(envelope.payload()).getBytes(StandardCharsets.UTF_8);
    List<SchemaViolation> violations = failure.cause() instanceof PayloadValidationException invalid
        ? invalid.violations() : List.of();
    return new DeadLetter(key, value, envelope.headers(), envelope.position(), failure.errorClass(),
        failure.message(), failure.attempts(), failure.firstFailureAt(), stage, Map.of(), violations);
  }

  /**
   * @param name a header of {@link DeadLetterHeaders} that only some brokers have
   * @param text its value
   * @return this dead letter with a broker-specific origin header added
   */
  public DeadLetter withOrigin(String name, String text) {
    Map<String, String> details = new LinkedHashMap<>(originDetails);
    details.put(name, text);
    return new DeadLetter(key, value, originalHeaders, origin, errorClass, errorMessage, attempts, firstFailure,
        stage, details, validationErrors);
  }

  /**
   * @return the {@link DeadLetterHeaders} of this dead letter, in a fixed order: the error, the
   *     validation errors (only when there are some), the attempts, the first failure, the stage, the origin, then the broker-specific origin details
   *     (the original headers are not included: a sink writes them first)
   */
  public List<Header> headers() {
    List<Header> headers = new ArrayList<>(10 + originDetails.size());
    add(headers, DeadLetterHeaders.ERROR_CLASS, errorClass);
    add(headers, DeadLetterHeaders.ERROR_MESSAGE, errorMessage);
    if (!validationErrors.isEmpty()) {
      add(headers, DeadLetterHeaders.VALIDATION_ERRORS, SchemaViolation.toJson(validationErrors));
    }
    add(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
    add(headers, DeadLetterHeaders.FIRST_FAILURE, firstFailure.toString());
    add(headers, DeadLetterHeaders.STAGE, stage.headerValue());
    add(headers, DeadLetterHeaders.ORIGINAL_SOURCE, origin.source());
    add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(origin.partition()));
    add(headers, DeadLetterHeaders.ORIGINAL_POSITION, Long.toString(origin.offset()));
    originDetails.forEach((name, text) -> add(headers, name, text));
    return headers;
  }

  private static void add(List<Header> headers, String name, String text) {
    headers.add(Header.of(name, text));
  }

  @Override
  public String toString() {
    return "DeadLetter(" + origin + ", " + stage.headerValue() + ", " + errorClass + ": " + errorMessage + ")";
  }
}
