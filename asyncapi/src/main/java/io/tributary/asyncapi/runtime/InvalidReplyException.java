package io.tributary.asyncapi.runtime;

import io.tributary.streams.codec.SchemaViolation;
import java.util.List;

/**
 * A reply came but is no valid reply payload: it does not match the reply message's schema (the
 * {@link #violations()}), or it cannot be decoded at all (no violations; the cause says why).
 */
public final class InvalidReplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<SchemaViolation> violations;

  /**
   * @param message which request and what is wrong with its reply
   * @param violations the schema violations, empty when the reply could not be read as the schema's format
   * @param cause the decoder's error
   */
  public InvalidReplyException(String message, List<SchemaViolation> violations, Throwable cause) {
    super(message, cause);
    this.violations = List.copyOf(violations);
  }

  /** @return where and how the reply misses the schema; empty when it was not readable */
  public List<SchemaViolation> violations() {
    return violations;
  }
}
