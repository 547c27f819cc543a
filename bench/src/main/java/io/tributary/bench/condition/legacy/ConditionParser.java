package io.tributary.bench.condition.legacy;

import io.tributary.bench.condition.legacy.Condition.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the condition language by recursive descent:
 *
 * <pre>
 * condition  := or END
 * or         := and (("or" | "||") and)*
 * and        := unary (("and" | "&amp;&amp;") unary)*
 * unary      := ("not" | "!") unary | "(" or ")" | "exists" "(" FIELD ")" | comparison
 * comparison := operand ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") operand
 *             | operand ("=~" | "!~") STRING
 * operand    := FIELD | STRING | NUMBER | "true" | "false" | "null"
 * </pre>
 *
 * FIELD is a name or dotted path ({@code latency_ms}, {@code http.status}); STRING is quoted with
 * {@code "} or {@code '} (backslash escapes {@code \" \' \\ \n \t}).
 */
final class ConditionParser {

  private enum Kind { FIELD, STRING, NUMBER, KEYWORD, SYMBOL, END }

  private record Token(Kind kind, String text, Object value, int column) {
    String describe() {
      switch (kind) {
        case END:
          return "the end";
        case STRING:
          return "the string " + text;
        default:
          return "'" + text + "'";
      }
    }
  }

  private final String source;
  private final List<Token> tokens;
  private int index;

  ConditionParser(String source) {
    this.source = source == null ? "" : source;
    this.tokens = lex(this.source);
  }

  Condition parse() {
    if (peek().kind == Kind.END) {
      throw new ConditionSyntaxException(1, "the condition is empty");
    }
    Condition condition = or();
    Token t = peek();
    if (t.kind != Kind.END) {
      throw new ConditionSyntaxException(t.column,
          "expected 'and', 'or' or the end, found " + t.describe());
    }
    return condition;
  }

  private Condition or() {
    Condition left = and();
    while (isWord("or") || isSymbol("||")) {
      index++;
      left = new Condition.Or(left, and());
    }
    return left;
  }

  private Condition and() {
    Condition left = unary();
    while (isWord("and") || isSymbol("&&")) {
      index++;
      left = new Condition.And(left, unary());
    }
    return left;
  }

  private Condition unary() {
    Token t = peek();
    if (isWord("not") || isSymbol("!")) {
      index++;
      return new Condition.Not(unary());
    }
    if (isSymbol("(")) {
      index++;
      Condition inner = or();
      expectSymbol(")", "to close the '(' at column " + t.column);
      return inner;
    }
    if (isWord("exists")) {
      index++;
      expectSymbol("(", "after 'exists'");
      Token field = next();
      if (field.kind != Kind.FIELD) {
        throw new ConditionSyntaxException(field.column, "expected a field name in exists(...), found "
            + field.describe());
      }
      expectSymbol(")", "after exists(" + field.text);
      return new Condition.Exists(field.text);
    }
    return comparison();
  }

  private Condition comparison() {
    Token first = peek();
    Operand left = operand("a field or value");
    Token op = next();
    if (op.kind == Kind.SYMBOL && (op.text.equals("=~") || op.text.equals("!~"))) {
      Token pattern = next();
      if (pattern.kind != Kind.STRING) {
        throw new ConditionSyntaxException(pattern.column, "expected a quoted regex after '" + op.text
            + "', found " + pattern.describe());
      }
      try {
        return new Condition.Matches(left, Pattern.compile((String) pattern.value), op.text.equals("!~"));
      } catch (PatternSyntaxException e) {
        throw new ConditionSyntaxException(pattern.column, "invalid regex " + pattern.text + ": "
            + e.getDescription());
      }
    }
    Operator operator = op.kind == Kind.SYMBOL ? operatorOf(op.text) : null;
    if (operator == null) {
      if (op.kind == Kind.SYMBOL && op.text.equals("=")) {
        throw new ConditionSyntaxException(op.column, "'=' is not an operator: use '==' to compare");
      }
      throw new ConditionSyntaxException(op.column, "expected a comparison operator (==, !=, <, <=, >, >=, =~, !~) "
          + "after " + first.describe() + ", found " + op.describe());
    }
    Operand right = operand("a field or value after '" + op.text + "'");
    return new Condition.Compare(left, operator, right);
  }

  private Operand operand(String expected) {
    Token t = next();
    switch (t.kind) {
      case FIELD:
        return new Condition.Field(t.text);
      case STRING:
      case NUMBER:
        return new Condition.Literal(t.value);
      case KEYWORD:
        switch (t.text) {
          case "true":
            return new Condition.Literal(Boolean.TRUE);
          case "false":
            return new Condition.Literal(Boolean.FALSE);
          case "null":
            return new Condition.Literal(null);
          default:
            break;
        }
        break;
      default:
        break;
    }
    throw new ConditionSyntaxException(t.column, "expected " + expected + ", found " + t.describe());
  }

  private static Operator operatorOf(String symbol) {
    for (Operator o : Operator.values()) {
      if (o.symbol().equals(symbol)) {
        return o;
      }
    }
    return null;
  }

  private void expectSymbol(String symbol, String context) {
    Token t = next();
    if (t.kind != Kind.SYMBOL || !t.text.equals(symbol)) {
      throw new ConditionSyntaxException(t.column, "expected '" + symbol + "' " + context + ", found " + t.describe());
    }
  }

  private boolean isWord(String word) {
    Token t = peek();
    return t.kind == Kind.KEYWORD && t.text.equals(word);
  }

  private boolean isSymbol(String symbol) {
    Token t = peek();
    return t.kind == Kind.SYMBOL && t.text.equals(symbol);
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token t = tokens.get(index);
    if (t.kind != Kind.END) {
      index++;
    }
    return t;
  }

  // ---- lexer ----

  private static final List<String> SYMBOLS = List.of("==", "!=", "<=", ">=", "=~", "!~", "&&", "||",
      "<", ">", "!", "(", ")", "=");
  private static final List<String> KEYWORDS = List.of("and", "or", "not", "exists", "true", "false", "null");

  private static List<Token> lex(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'') {
        i = lexString(s, i, tokens);
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        int start = i;
        i++;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.'
            || s.charAt(i) == 'e' || s.charAt(i) == 'E'
            || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
          i++;
        }
        String text = s.substring(start, i);
        tokens.add(new Token(Kind.NUMBER, text, number(text, column), column));
      } else if (Character.isLetter(c) || c == '_' || c == '@') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
            || s.charAt(i) == '.' || s.charAt(i) == '@' || s.charAt(i) == '-')) {
          i++;
        }
        String text = s.substring(start, i);
        if (text.endsWith(".") || text.contains("..")) {
          throw new ConditionSyntaxException(column, "invalid field path '" + text + "'");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        tokens.add(KEYWORDS.contains(lower)
            ? new Token(Kind.KEYWORD, lower, null, column)
            : new Token(Kind.FIELD, text, null, column));
      } else {
        String symbol = null;
        for (String candidate : SYMBOLS) {
          if (s.startsWith(candidate, i)) {
            symbol = candidate;
            break;
          }
        }
        if (symbol == null) {
          throw new ConditionSyntaxException(column, "unexpected character '" + c + "'");
        }
        tokens.add(new Token(Kind.SYMBOL, symbol, null, column));
        i += symbol.length();
      }
    }
    tokens.add(new Token(Kind.END, "", null, s.length() + 1));
    return tokens;
  }

  private static int lexString(String s, int start, List<Token> tokens) {
    char quote = s.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == quote) {
        tokens.add(new Token(Kind.STRING, s.substring(start, i + 1), value.toString(), start + 1));
        return i + 1;
      }
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(i + 1);
        switch (e) {
          case 'n':
            value.append('\n');
            break;
          case 't':
            value.append('\t');
            break;
          case '"':
          case '\'':
          case '\\':
            value.append(e);
            break;
          default:
            // keep unknown escapes as written: regexes need \d, \s, \. and friends
            value.append('\\').append(e);
            break;
        }
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new ConditionSyntaxException(start + 1, "unterminated string starting with " + quote);
  }

  private static Number number(String text, int column) {
    try {
      if (text.contains(".") || text.contains("e") || text.contains("E")) {
        return Double.parseDouble(text);
      }
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConditionSyntaxException(column, "invalid number '" + text + "'");
    }
  }
}
