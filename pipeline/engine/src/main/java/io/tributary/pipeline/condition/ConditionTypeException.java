package io.tributary.pipeline.condition;

/**
 * A condition parses but CEL's type check rejects it, e.g. {@code at column 17: found no matching
 * overload for 'startsWith' applied to 'dyn.(int)'}, or it is not a boolean ({@code 1 + 2}).
 */
public final class ConditionTypeException extends ConditionException {

  /**
   * @param line the 1-based line of the problem
   * @param column the 1-based column of the problem within its line
   * @param problem what is wrong there
   */
  public ConditionTypeException(int line, int column, String problem) {
    super(line, column, problem);
  }

  @Override
  public String kind() {
    return "type error";
  }
}
