package io.tributary.pipeline.condition;

/**
 * A condition is not valid: it does not parse ({@link ConditionSyntaxException}) or its types do
 * not fit ({@link ConditionTypeException}). The message says where and what is wrong, e.g. {@code
 * at column 10: expected a field or value after '==', found the end}; a condition of several
 * lines says {@code at line 2, column 4: ...}.
 */
public abstract class ConditionException extends IllegalArgumentException {

  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param line the 1-based line of the problem
   * @param column the 1-based column of the problem within its line
   * @param problem what is wrong there
   */
  protected ConditionException(int line, int column, String problem) {
    super((line > 1 ? "at line " + line + ", column " : "at column ") + column + ": " + problem);
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** @return the 1-based line of the problem */
  public int line() {
    return line;
  }

  /** @return the 1-based column of the problem within its line */
  public int column() {
    return column;
  }

  /** @return what is wrong, without the position */
  public String problem() {
    return problem;
  }

  /** @return what kind of error this is, for messages: {@code syntax error} or {@code type error} */
  public abstract String kind();
}
