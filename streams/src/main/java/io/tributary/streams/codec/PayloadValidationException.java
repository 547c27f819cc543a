package io.tributary.streams.codec;

import java.util.List;
import java.util.Objects;

/**
 * A payload that is well-formed but does not match its schema: what a validating {@link
 * PayloadDecoder} throws before it decodes. Like any decode failure the message is dead-lettered at
 * its source, and its dead letter carries the {@link #violations()} in the header {@link
 * io.tributary.streams.deadletter.DeadLetterHeaders#VALIDATION_ERRORS}.
 */
public final class PayloadValidationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  /** How many violations the exception's message spells out; all kept ones are in {@link #violations()}. */
  private static final int IN_MESSAGE = 3;

  private final List<SchemaViolation> violations;
  private final int total;

  /**
   * @param schemaName what the payload was checked against, for the message (a type or message name)
   * @param violations the violations kept (a validator bounds them, e.g. to the first 20); not empty
   * @param total how many violations the validator found (at least {@code violations.size()})
   */
  public PayloadValidationException(String schemaName, List<SchemaViolation> violations, int total) {
    super(message(schemaName, violations, total));
    Objects.requireNonNull(violations, "violations");
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one violation");
    }
    this.violations = List.copyOf(violations);
    this.total = Math.max(total, violations.size());
  }

  /** @return the violations kept, in the validator's order (at most its bound) */
  public List<SchemaViolation> violations() {
    return violations;
  }

  /** @return how many violations were found, perhaps more than {@link #violations()} holds */
  public int total() {
    return total;
  }

  private static String message(String schemaName, List<SchemaViolation> violations, int total) {
    int found = Math.max(total, violations.size());
    StringBuilder s = new StringBuilder("payload does not match the schema of ").append(schemaName).append(": ")
        .append(found).append(found == 1 ? " violation" : " violations");
    for (int i = 0; i < Math.min(IN_MESSAGE, violations.size()); i++) {
      s.append(i == 0 ? ": " : "; ").append(violations.get(i));
    }
    if (found > IN_MESSAGE) {
      s.append("; ...");
    }
    return s.toString();
  }
}
