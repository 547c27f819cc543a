package io.tributary.bench.condition.legacy;

import io.tributary.pipeline.event.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pipeline's condition evaluator before CEL, kept here only as the anchor of the {@code
 * conditions} benchmark (the engine compiles conditions with CEL now). A boolean condition over an
 * event's fields, as written in a pipeline config: comparisons
 * ({@code ==, !=, <, <=, >, >=}), regex matches ({@code =~, !~}), {@code exists(field)}, combined
 * with {@code and}, {@code or}, {@code not} and parentheses. For example {@code level == "error"
 * and latency_ms > 100}. Parse one with {@link #parse}; evaluating it never throws.
 *
 * <p>Semantics: a missing field is {@code null}. Numbers compare numerically ({@code 100 ==
 * 100.0}); strings compare lexicographically; {@code <, <=, >, >=} between other types (a string
 * and a number, a missing field) are false, and {@code ==} between different types is false (no
 * coercion: {@code status == "200"} does not match the number 200). {@code =~} is true when the
 * regex matches somewhere in the value's text (anchor with {@code ^...$}); it is false for a
 * missing field.
 */
public sealed interface Condition {

  /** @return whether the event satisfies the condition */
  boolean test(Event event);

  /** Adds the field paths the condition reads to {@code into}. */
  void collectFields(Set<String> into);

  /** @return the field paths the condition reads, in order of appearance */
  default Set<String> fields() {
    Set<String> fields = new LinkedHashSet<>();
    collectFields(fields);
    return fields;
  }

  /**
   * Parses a condition.
   *
   * @throws ConditionSyntaxException with the 1-based column and what was expected there
   */
  static Condition parse(String text) {
    return new ConditionParser(text).parse();
  }

  /** Both sides hold (the right side is not evaluated when the left is false). */
  record And(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(Event event) {
      return left.test(event) && right.test(event);
    }

    @Override
    public void collectFields(Set<String> into) {
      left.collectFields(into);
      right.collectFields(into);
    }
  }

  /** Either side holds. */
  record Or(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(Event event) {
      return left.test(event) || right.test(event);
    }

    @Override
    public void collectFields(Set<String> into) {
      left.collectFields(into);
      right.collectFields(into);
    }
  }

  /** The inner condition does not hold. */
  record Not(Condition inner) implements Condition {
    @Override
    public boolean test(Event event) {
      return !inner.test(event);
    }

    @Override
    public void collectFields(Set<String> into) {
      inner.collectFields(into);
    }
  }

  /** The field is present (even with a {@code null} value). */
  record Exists(String field) implements Condition {
    @Override
    public boolean test(Event event) {
      return event.has(field);
    }

    @Override
    public void collectFields(Set<String> into) {
      into.add(field);
    }
  }

  /** A comparison of two operands. */
  record Compare(Operand left, Operator operator, Operand right) implements Condition {
    /** Validates the parts. */
    public Compare {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public boolean test(Event event) {
      Object a = left.value(event);
      Object b = right.value(event);
      switch (operator) {
        case EQ:
          return same(a, b);
        case NE:
          return !same(a, b);
        default:
          Integer order = order(a, b);
          if (order == null) {
            return false;
          }
          switch (operator) {
            case LT:
              return order < 0;
            case LE:
              return order <= 0;
            case GT:
              return order > 0;
            default:
              return order >= 0;
          }
      }
    }

    @Override
    public void collectFields(Set<String> into) {
      left.collectFields(into);
      right.collectFields(into);
    }

    private static boolean same(Object a, Object b) {
      if (a instanceof Number x && b instanceof Number y) {
        return compareNumbers(x, y) == 0;
      }
      return Objects.equals(a, b);
    }

    private static Integer order(Object a, Object b) {
      if (a instanceof Number x && b instanceof Number y) {
        return compareNumbers(x, y);
      }
      if (a instanceof String x && b instanceof String y) {
        return x.compareTo(y);
      }
      return null;
    }

    private static int compareNumbers(Number x, Number y) {
      if (isIntegral(x) && isIntegral(y)) {
        return Long.compare(x.longValue(), y.longValue());
      }
      if (x instanceof BigInteger || y instanceof BigInteger
          || x instanceof BigDecimal || y instanceof BigDecimal) {
        return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }

    private static boolean isIntegral(Number n) {
      return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
  }

  /** A regex match ({@code =~}) or non-match ({@code !~}) against the text of an operand. */
  record Matches(Operand value, Pattern regex, boolean negated) implements Condition {
    @Override
    public boolean test(Event event) {
      Object v = value.value(event);
      boolean found = v != null && regex.matcher(Event.text(v)).find();
      return negated != found;
    }

    @Override
    public void collectFields(Set<String> into) {
      value.collectFields(into);
    }
  }

  /** One side of a comparison: a field of the event or a literal value. */
  sealed interface Operand {
    /** @return the operand's value for {@code event} ({@code null} for a missing field) */
    Object value(Event event);

    /** Adds the field this operand reads, if any. */
    void collectFields(Set<String> into);
  }

  /** The value of a field (or dotted path) of the event. */
  record Field(String path) implements Operand {
    @Override
    public Object value(Event event) {
      return event.get(path);
    }

    @Override
    public void collectFields(Set<String> into) {
      into.add(path);
    }
  }

  /** A literal: a string, a number, {@code true}, {@code false} or {@code null}. */
  record Literal(Object constant) implements Operand {
    @Override
    public Object value(Event event) {
      return constant;
    }

    @Override
    public void collectFields(Set<String> into) {
      // a literal reads no field
    }
  }
}
