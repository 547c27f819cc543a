package io.tributary.bench.condition.legacy;

/**
 * A condition could not be parsed. The message says where (the 1-based column) and what was
 * expected there, e.g. {@code at column 10: expected a value after '==', found the end}.
 */
public final class ConditionSyntaxException extends IllegalArgumentException {

  private final int column;

  /**
   * @param column where the problem is, 1-based
   * @param problem what is wrong there
   */
  public ConditionSyntaxException(int column, String problem) {
    super("at column " + column + ": " + problem);
    this.column = column;
  }

  /** @return the 1-based column of the problem */
  public int column() {
    return column;
  }
}
