package io.tributary.bench.condition.legacy;

/** A comparison operator of a {@link Condition}. */
public enum Operator {
  /** {@code ==} */
  EQ("=="),
  /** {@code !=} */
  NE("!="),
  /** {@code <} */
  LT("<"),
  /** {@code <=} */
  LE("<="),
  /** {@code >} */
  GT(">"),
  /** {@code >=} */
  GE(">=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** @return how the operator is written */
  public String symbol() {
    return symbol;
  }
}
