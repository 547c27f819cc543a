package io.tributary.streams.processing;

import java.time.Instant;

/**
 * Why a message gave up: what a dead-letter entry records next to the original message.
 *
 * @param errorClass the class of the last error
 * @param message the last error's message (may be empty)
 * @param attempts how many attempts were made
 * @param firstFailureAt when the first attempt failed
 * @param cause the last error
 */
public record ProcessingFailure(String errorClass, String message, int attempts,
    Instant firstFailureAt, Throwable cause) {

  /** Describes {@code cause} after {@code attempts} attempts, the first failing at {@code firstFailureAt}. */
  public static ProcessingFailure of(Throwable cause, int attempts, Instant firstFailureAt) {
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    return new ProcessingFailure(cause.getClass().getName(), message, attempts, firstFailureAt, cause);
  }
}
