package io.tributary.pipeline.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites a condition as written into the CEL expression that is compiled, so that conditions
 * written before CEL keep working: the words {@code and}, {@code or}, {@code not} (any case),
 * {@code exists(field)}, the match operators {@code =~} and {@code !~}, and backslashes before
 * characters that have no escape meaning in CEL ({@code "\d+"}). Everything else is passed on
 * unchanged, outside and inside string literals alike. Each character of the result remembers the
 * offset in the written text it came from, so CEL's errors point at what the user wrote.
 *
 * <ul>
 *   <li>{@code and} / {@code or} become {@code &&} / {@code ||}.
 *   <li>{@code not X} becomes {@code !(X)}, where X runs to the next {@code and}, {@code or},
 *       {@code &&}, {@code ||}, {@code ?}, {@code :}, {@code ,} or closing bracket of the same
 *       depth: {@code not} binds looser than comparisons, as it always did ({@code not level ==
 *       "info"}); CEL's own {@code !} binds tightest.
 *   <li>{@code exists(a.b)} becomes {@code has(self.a.b)}.
 *   <li>{@code P =~ "re"} becomes {@code (P != null && string(P).matches("re"))} and {@code P !~
 *       "re"} its negation, for P a field path or a literal: a number matches as its text, a
 *       missing field never matches.
 * </ul>
 *
 * A word is only rewritten where it is not a member name ({@code x.and} stays).
 */
final class LegacySyntax {

  /**
   * The CEL text and where each of its characters came from.
   *
   * @param cel the expression to compile
   * @param origins for each char of {@code cel} (and one past its end), the offset in the written
   *     text
   * @param tokens the tokens of the written text, for messages
   */
  record Rewritten(String cel, int[] origins, List<Token> tokens) {

    /** @return the offset in the written text that CEL offset {@code celOffset} came from */
    int originOf(int celOffset) {
      return origins[Math.max(0, Math.min(celOffset, origins.length - 1))];
    }

    /** @return the last opener that {@code closer} would close and that is unclosed before {@code offset} */
    Token unclosedBefore(int offset, String closer) {
      String opener = switch (closer) {
        case ")" -> "(";
        case "]" -> "[";
        case "}" -> "{";
        default -> null;
      };
      java.util.Deque<Token> open = new java.util.ArrayDeque<>();
      for (Token t : tokens) {
        if (t.start() >= offset || t.kind() != Kind.PUNCT) {
          continue;
        }
        if (t.text().equals(opener)) {
          open.push(t);
        } else if (t.text().equals(closer) && !open.isEmpty()) {
          open.pop();
        }
      }
      return open.peek();
    }

    /** @return the last token that ends at or before {@code offset} of the written text, if any */
    Token tokenBefore(int offset) {
      Token found = null;
      for (Token t : tokens) {
        if (t.end() <= offset) {
          found = t;
        }
      }
      return found;
    }
  }

  /** What a token is, as far as the rewrite needs to know. */
  enum Kind { IDENT, NUMBER, STRING, PUNCT }

  /** A token of the written text: {@code [start, end)}. */
  record Token(Kind kind, String text, int start, int end) {}

  private static final List<String> PUNCT2 = List.of("==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "?.");
  /** Chars that may follow a backslash in a CEL string (besides octal digits). */
  private static final String CEL_ESCAPES = "\\?\"'`abfnrtvxXuU";
  private static final Set<String> LITERAL_WORDS = Set.of("true", "false", "null");

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  /** Per token: replacement text (null: as written), text inserted before it and after it. */
  private String[] replace;
  private StringBuilder[] before;
  private StringBuilder[] after;

  private LegacySyntax(String text) {
    this.text = text;
  }

  /**
   * Rewrites {@code text}.
   *
   * @throws ConditionSyntaxException for what no rewrite can make valid: an unterminated string, a
   *     lone {@code =}, a legacy match operator without a field or regex beside it
   */
  static Rewritten rewrite(String text) {
    LegacySyntax r = new LegacySyntax(text);
    r.lex();
    r.rewriteTokens();
    return r.build();
  }

  // ---- lexer: just enough of CEL's to tell strings, words, numbers and operators apart ----

  private void lex() {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'') {
        i = lexString(i, i);
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(text.charAt(i))) {
          i++;
        }
        String word = text.substring(start, i);
        if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'') && word.matches("[rRbB]|[rR][bB]|[bB][rR]")) {
          i = lexString(start, i);
        } else {
          tokens.add(new Token(Kind.IDENT, word, start, i));
        }
      } else if (Character.isDigit(c)) {
        int start = i;
        i++;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == '_'
            || ((text.charAt(i) == '-' || text.charAt(i) == '+')
                && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E') && !text.startsWith("0x", start)))) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start, i));
      } else {
        String op = String.valueOf(c);
        for (String two : PUNCT2) {
          if (text.startsWith(two, i)) {
            op = two;
            break;
          }
        }
        tokens.add(new Token(Kind.PUNCT, op, i, i + op.length()));
        i += op.length();
      }
    }
  }

  /** Lexes a string literal whose prefix starts at {@code start} and quote is at {@code quoteAt}. */
  private int lexString(int start, int quoteAt) {
    char quote = text.charAt(quoteAt);
    String prefix = text.substring(start, quoteAt);
    boolean raw = prefix.indexOf('r') >= 0 || prefix.indexOf('R') >= 0;
    String delimiter = text.startsWith(String.valueOf(quote).repeat(3), quoteAt)
        ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
    int i = quoteAt + delimiter.length();
    while (i < text.length()) {
      if (text.startsWith(delimiter, i)) {
        int end = i + delimiter.length();
        tokens.add(new Token(Kind.STRING, text.substring(start, end), start, end));
        return end;
      }
      if (!raw && text.charAt(i) == '\\' && i + 1 < text.length()) {
        i += 2;
      } else {
        i++;
      }
    }
    throw syntaxError(start, "unterminated string starting with " + delimiter);
  }

  private ConditionSyntaxException syntaxError(int offset, String problem) {
    Position at = Position.of(text, offset);
    return new ConditionSyntaxException(at.line(), at.column(), problem);
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }

  // ---- rewrites ----

  private void rewriteTokens() {
    int n = tokens.size();
    replace = new String[n];
    before = new StringBuilder[n];
    after = new StringBuilder[n];
    for (int i = 0; i < n; i++) {
      Token t = tokens.get(i);
      switch (t.kind()) {
        case STRING -> replace[i] = keepUnknownEscapes(t.text());
        case PUNCT -> rewriteOperator(i, t);
        case IDENT -> rewriteWord(i, t);
        default -> {
          // numbers pass as written
        }
      }
    }
  }

  private void rewriteOperator(int i, Token t) {
    if (t.text().equals("-") && isKind(i - 1, Kind.IDENT) && isKind(i + 1, Kind.IDENT)
        && tokens.get(i - 1).end() == t.start() && tokens.get(i + 1).start() == t.end()) {
      // before CEL, 'user-agent' was a field name; now it would silently subtract two missing fields
      String name = tokens.get(i - 1).text() + "-" + tokens.get(i + 1).text();
      throw syntaxError(tokens.get(i - 1).start(), "'" + name + "' subtracts " + tokens.get(i + 1).text() + " from "
          + tokens.get(i - 1).text() + ": read a field whose name has a '-' as self[\"" + name
          + "\"] (or x[\"" + name + "\"] inside object x), or put spaces around '-' to subtract");
    }
    switch (t.text()) {
      case "=" -> throw syntaxError(t.start(),
          "'=' is not an operator: use '==' to compare");
      case "=~", "!~" -> rewriteMatch(i, t);
      default -> {
        // CEL's own operators
      }
    }
  }

  private void rewriteWord(int i, Token t) {
    if (isMember(i)) {
      return;
    }
    String word = t.text().toLowerCase(Locale.ROOT);
    switch (word) {
      case "and" -> replace[i] = "&&";
      case "or" -> replace[i] = "||";
      case "not" -> rewriteNot(i, t);
      case "exists" -> rewriteExists(i);
      default -> {
        if (LITERAL_WORDS.contains(word) && !word.equals(t.text())) {
          replace[i] = word;
        }
      }
    }
  }

  /** {@code not X} -> {@code !(X)}: X ends at the next and/or, ?, :, comma or closer of this depth. */
  private void rewriteNot(int i, Token t) {
    int depth = 0;
    int j = i + 1;
    for (; j < tokens.size(); j++) {
      Token u = tokens.get(j);
      String s = u.text();
      if (u.kind() == Kind.PUNCT && (s.equals("(") || s.equals("[") || s.equals("{"))) {
        depth++;
      } else if (u.kind() == Kind.PUNCT && (s.equals(")") || s.equals("]") || s.equals("}"))) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0 && (isBoundary(u) || (u.kind() == Kind.IDENT && !isMember(j)
          && (s.equalsIgnoreCase("and") || s.equalsIgnoreCase("or"))))) {
        break;
      }
    }
    if (j == i + 1) {
      throw syntaxError(j < tokens.size() ? tokens.get(j).start() : text.length(),
          "expected a condition after '" + t.text() + "'");
    }
    replace[i] = "!(";
    after(j - 1).append(')');
  }

  private static boolean isBoundary(Token u) {
    return u.kind() == Kind.PUNCT && (u.text().equals("&&") || u.text().equals("||") || u.text().equals("?")
        || u.text().equals(":") || u.text().equals(","));
  }

  /** {@code exists(a.b)} -> {@code has(self.a.b)}; any other shape is left to CEL. */
  private void rewriteExists(int i) {
    int j = i + 1;
    if (!isPunct(j, "(") || !isKind(j + 1, Kind.IDENT)) {
      return;
    }
    int k = j + 2;
    while (isPunct(k, ".") && isKind(k + 1, Kind.IDENT)) {
      k += 2;
    }
    if (!isPunct(k, ")")) {
      return;
    }
    replace[i] = "has";
    before(j + 1).append("self.");
  }

  /** {@code P =~ S} -> {@code (P != null && string(P).matches(S))}; {@code !~} negates it. */
  private void rewriteMatch(int i, Token op) {
    int first = i - 1;
    if (first < 0 || !isOperand(first)) {
      throw syntaxError(op.start(), "'" + op.text()
          + "' needs a field or value on its left (or write the CEL form: <value>.matches(\"<regex>\"))");
    }
    if (tokens.get(first).kind() == Kind.IDENT) {
      while (isPunct(first - 1, ".") && isKind(first - 2, Kind.IDENT)) {
        first -= 2;
      }
      if (isPunct(first - 1, ".") || isPunct(first - 1, "?.") || isPunct(first - 1, ")")
          || isPunct(first - 1, "]")) {
        throw syntaxError(op.start(), "'" + op.text()
            + "' needs a field or value on its left (or write the CEL form: <value>.matches(\"<regex>\"))");
      }
    }
    if (!isKind(i + 1, Kind.STRING)) {
      throw syntaxError(i + 1 < tokens.size() ? tokens.get(i + 1).start()
          : text.length(), "expected a quoted regex after '" + op.text() + "', found " + describe(i + 1));
    }
    String operand = text.substring(tokens.get(first).start(), tokens.get(i - 1).end());
    before(first).append(op.text().equals("!~") ? "!(" : "(").append(operand).append(" != null && string(");
    replace[i] = ").matches(";
    after(i + 1).append("))");
  }

  private boolean isOperand(int i) {
    Token t = tokens.get(i);
    if (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER) {
      return true;
    }
    String word = t.text().toLowerCase(Locale.ROOT);
    return t.kind() == Kind.IDENT && !word.equals("and") && !word.equals("or") && !word.equals("not");
  }

  private String describe(int i) {
    if (i >= tokens.size()) {
      return "the end";
    }
    Token t = tokens.get(i);
    return t.kind() == Kind.STRING ? "the string " + t.text() : "'" + t.text() + "'";
  }

  private boolean isMember(int i) {
    return isPunct(i - 1, ".") || isPunct(i - 1, "?.");
  }

  private boolean isPunct(int i, String s) {
    return i >= 0 && i < tokens.size() && tokens.get(i).kind() == Kind.PUNCT && tokens.get(i).text().equals(s);
  }

  private boolean isKind(int i, Kind kind) {
    return i >= 0 && i < tokens.size() && tokens.get(i).kind() == kind;
  }

  private StringBuilder before(int i) {
    if (before[i] == null) {
      before[i] = new StringBuilder();
    }
    return before[i];
  }

  private StringBuilder after(int i) {
    if (after[i] == null) {
      after[i] = new StringBuilder();
    }
    return after[i];
  }

  /**
   * Doubles a backslash before a character that has no escape meaning in CEL, so {@code "\d+"}
   * stays the regex {@code \d+} (CEL would reject it); raw strings are left alone.
   */
  private static String keepUnknownEscapes(String literal) {
    int quote = 0;
    while (literal.charAt(quote) != '"' && literal.charAt(quote) != '\'') {
      quote++;
    }
    String prefix = literal.substring(0, quote);
    if (prefix.indexOf('r') >= 0 || prefix.indexOf('R') >= 0 || literal.indexOf('\\') < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(literal.length() + 4);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length()) {
        char e = literal.charAt(i + 1);
        boolean known = CEL_ESCAPES.indexOf(e) >= 0 || (e >= '0' && e <= '7');
        out.append(known ? "\\" : "\\\\").append(e);
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  // ---- output ----

  private Rewritten build() {
    StringBuilder cel = new StringBuilder(text.length() + 16);
    List<Integer> origins = new ArrayList<>(text.length() + 16);
    int at = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      for (; at < t.start(); at++) { // whitespace and comments, as written
        cel.append(text.charAt(at));
        origins.add(at);
      }
      if (before[i] != null) {
        append(cel, origins, before[i], t.start());
      }
      if (replace[i] != null) {
        append(cel, origins, replace[i], t.start());
      } else {
        for (int k = t.start(); k < t.end(); k++) {
          cel.append(text.charAt(k));
          origins.add(k);
        }
      }
      if (after[i] != null) {
        append(cel, origins, after[i], t.end());
      }
      at = t.end();
    }
    for (; at < text.length(); at++) {
      cel.append(text.charAt(at));
      origins.add(at);
    }
    origins.add(text.length());
    return new Rewritten(cel.toString(), origins.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(tokens));
  }

  private static void append(StringBuilder cel, List<Integer> origins, CharSequence s, int origin) {
    cel.append(s);
    for (int k = 0; k < s.length(); k++) {
      origins.add(origin);
    }
  }
}
