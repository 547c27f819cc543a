package io.tributary.pipeline.condition;

/**
 * A condition could not be parsed. The message says where (the 1-based column) and what was
 * expected there, e.g. {@code at column 10: expected a field or value after '==', found the end}.
 */
public final class ConditionSyntaxException extends ConditionException {

  /**
   * @param column where the problem is, 1-based, on the first line
   * @param problem what is wrong there
   */
  public ConditionSyntaxException(int column, String problem) {
    this(1, column, problem);
  }

  /**
   * @param line the 1-based line of the problem
   * @param column the 1-based column of the problem within its line
   * @param problem what is wrong there
   */
  public ConditionSyntaxException(int line, int column, String problem) {
    super(line, column, problem);
  }

  @Override
  public String kind() {
    return "syntax error";
  }
}
