package io.tributary.pipeline.condition;

/**
 * A 1-based line and column in a condition's text (columns count code points).
 *
 * @param line the line, 1 for a one-line condition
 * @param column the column within the line
 */
record Position(int line, int column) {

  /** @return the position of char offset {@code offset} of {@code text} (its end when past it) */
  static Position of(String text, int offset) {
    int end = Math.max(0, Math.min(offset, text.length()));
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, text.codePointCount(lineStart, end) + 1);
  }

  /** @return the char offset in {@code text} of line {@code line} (1-based), code point {@code column} (0-based) */
  static int offsetOf(String text, int line, int column) {
    int lineStart = 0;
    for (int l = 1; l < line; l++) {
      int newline = text.indexOf('\n', lineStart);
      if (newline < 0) {
        return text.length();
      }
      lineStart = newline + 1;
    }
    int lineEnd = text.indexOf('\n', lineStart);
    int available = text.codePointCount(lineStart, lineEnd < 0 ? text.length() : lineEnd);
    if (column >= available) {
      return Math.min(text.length(), (lineEnd < 0 ? text.length() : lineEnd) + (column - available));
    }
    return text.offsetByCodePoints(lineStart, Math.max(0, column));
  }
}
