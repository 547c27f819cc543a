package io.tributary.pipeline.condition;

import dev.cel.common.CelIssue;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns CEL's issues into condition errors: the position mapped back to the text as written (it
 * may differ from the CEL text after the legacy rewrite), and the parser's ANTLR wording ({@code
 * mismatched input '<EOF>' expecting {'[', '{', ...}}) into what the user needs ({@code expected a
 * field or value after '>', found the end}). Only the first issue is reported: the others are
 * mostly its echoes.
 */
final class CelIssues {

  private static final Pattern INPUT = Pattern.compile(
      "(?:mismatched input|extraneous input|no viable alternative at input) '(.*?)'(?: expecting (.*))?",
      Pattern.DOTALL);
  private static final Pattern MISSING = Pattern.compile("missing '(.*?)' at '(.*)'", Pattern.DOTALL);
  private static final Pattern TOKEN = Pattern.compile("token recognition error at: '(.*)'", Pattern.DOTALL);
  /** Candidate lists longer than this are noise ('_+_' has nine). */
  private static final int MAX_CANDIDATES = 100;

  private CelIssues() {}

  /** @return the syntax error for the first of the parser's {@code issues} */
  static ConditionSyntaxException syntaxError(String text, LegacySyntax.Rewritten rewritten, List<CelIssue> issues) {
    CelIssue issue = first(issues);
    int offset = writtenOffset(rewritten, issue);
    Position at = Position.of(text, offset);
    String message = issue.getMessage();
    LegacySyntax.Token before = rewritten.tokenBefore(offset);
    String after = before == null ? "" : " after '" + before.text() + "'";
    String problem = message;
    Matcher input = INPUT.matcher(message);
    Matcher missing = MISSING.matcher(message);
    Matcher token = TOKEN.matcher(message);
    if (input.matches()) {
      String found = describe(input.group(1));
      String expecting = input.group(2) == null ? "" : input.group(2);
      if (expecting.contains("IDENTIFIER")) {
        problem = "expected a field or value" + after + ", found " + found;
      } else if (expecting.contains("<EOF>")) {
        problem = "expected an operator or the end" + after + ", found " + found;
      } else if (!expecting.isEmpty()) {
        problem = "expected " + oneOf(expecting) + after + ", found " + found;
      } else {
        problem = "unexpected " + found + after;
      }
    } else if (missing.matches()) {
      String closer = missing.group(1);
      LegacySyntax.Token opener = rewritten.unclosedBefore(offset, closer);
      problem = "expected '" + closer + "'" + (opener == null ? ""
          : " to close the '" + opener.text() + "' at column " + Position.of(text, opener.start()).column())
          + ", found " + describe(missing.group(2));
    } else if (token.matches() && !token.group(1).isEmpty()) {
      char c = token.group(1).charAt(0);
      problem = "unexpected character '" + c + "'";
      if (c == '@' || c == '-' || c == '$') {
        problem += ": read a field whose name has such characters as self[\"name\"]";
      }
    }
    return new ConditionSyntaxException(at.line(), at.column(), problem);
  }

  /** @return the type error for the first of the checker's {@code issues}, in CEL's words */
  static ConditionTypeException typeError(String text, LegacySyntax.Rewritten rewritten, List<CelIssue> issues) {
    CelIssue issue = first(issues);
    Position at = Position.of(text, writtenOffset(rewritten, issue));
    String problem = issue.getMessage().replace(" (in container '')", "");
    int candidates = problem.indexOf(" (candidates: ");
    if (candidates > 0 && problem.length() - candidates > MAX_CANDIDATES) {
      problem = problem.substring(0, candidates);
    }
    return new ConditionTypeException(at.line(), at.column(), problem);
  }

  private static CelIssue first(List<CelIssue> issues) {
    return issues.stream()
        .min(Comparator.comparingInt((CelIssue i) -> i.getSourceLocation().getLine())
            .thenComparingInt(i -> i.getSourceLocation().getColumn()))
        .orElseThrow();
  }

  /** CEL's line is 1-based, its column 0-based in code points of the CEL text. */
  private static int writtenOffset(LegacySyntax.Rewritten rewritten, CelIssue issue) {
    int line = Math.max(1, issue.getSourceLocation().getLine());
    int column = Math.max(0, issue.getSourceLocation().getColumn());
    return rewritten.originOf(Position.offsetOf(rewritten.cel(), line, column));
  }

  private static String describe(String antlrToken) {
    if (antlrToken.equals("<EOF>")) {
      return "the end";
    }
    boolean string = antlrToken.endsWith("'") || antlrToken.endsWith("\"");
    return string ? "the string " + antlrToken : "'" + antlrToken + "'";
  }

  /** {@code {']', ','}} -> {@code ']' or ','} */
  private static String oneOf(String antlrSet) {
    String set = antlrSet.replace("'%%'", "'%'");
    if (set.startsWith("{") && set.endsWith("}")) {
      set = set.substring(1, set.length() - 1);
    }
    int last = set.lastIndexOf(", ");
    return last < 0 ? set : set.substring(0, last) + " or " + set.substring(last + 2);
  }
}
