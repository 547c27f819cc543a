package io.tributary.pipeline.condition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Compiles a condition into a CEL program, once, when the config is validated: the legacy
 * spellings are rewritten ({@link LegacySyntax}), the expression is parsed, every free identifier
 * is declared as a {@code dyn} variable (a field of the event) beside {@code self} (all fields, a
 * {@code map(string, dyn)}), then type-checked, its regex literals compiled, and a program planned.
 * Problems are thrown as {@link ConditionException}s whose position is in the text as written.
 *
 * <p>The environment: CEL's standard functions and macros ({@code has}, {@code all}, {@code
 * exists}, {@code exists_one}, {@code map}, {@code filter}), the strings extension ({@code
 * lowerAscii}, {@code split}, {@code trim}, ...), and numbers of different types compare by value
 * ({@code 250 == 250.0}, {@code 0.5 < 1}).
 */
final class ConditionCompiler {

  private static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .build();

  private static final CelCompiler BASE = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addLibraries(CelExtensions.strings())
      .addVar(FieldReferences.EVENT, MapType.create(SimpleType.STRING, SimpleType.DYN))
      .build();

  private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder()
      .setOptions(OPTIONS)
      .addLibraries(CelExtensions.strings())
      .setStandardFunctions(CelStandardFunctions.newBuilder()
          .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
          .build())
      .addFunctionBindings(RegexCache.bindings())
      .build();

  /** ANTLR's messages: {@code mismatched input '<EOF>' expecting {...}} and its kin. */
  private static final java.util.regex.Pattern INPUT_MESSAGE = java.util.regex.Pattern.compile(
      "(?:mismatched input|extraneous input|no viable alternative at input) '(.*?)'(?: expecting (.*))?",
      java.util.regex.Pattern.DOTALL);
  private static final java.util.regex.Pattern MISSING_MESSAGE =
      java.util.regex.Pattern.compile("missing '(.*?)' at '(.*)'", java.util.regex.Pattern.DOTALL);
  private static final java.util.regex.Pattern TOKEN_MESSAGE =
      java.util.regex.Pattern.compile("token recognition error at: '(.*)'", java.util.regex.Pattern.DOTALL);

  /**
   * A compiled condition.
   *
   * @param cel the CEL expression compiled (the text after the legacy rewrite)
   * @param program what is evaluated per event
   * @param identifiers the free identifiers, each a top-level field
   * @param fields the field paths read, for the check against a pipeline's known fields
   */
  record Compiled(String cel, CelRuntime.Program program, Set<String> identifiers, Set<String> fields) {}

  private ConditionCompiler() {}

  /**
   * Compiles {@code text}.
   *
   * @throws ConditionSyntaxException when it does not parse or a regex literal is invalid
   * @throws ConditionTypeException when it does not type-check or is not a boolean
   */
  static Compiled compile(String text) {
    if (text == null || text.isBlank()) {
      throw new ConditionSyntaxException(1, "the condition is empty");
    }
    LegacySyntax.Rewritten rewritten = LegacySyntax.rewrite(text);
    CelValidationResult parsed = BASE.parse(rewritten.cel());
    if (parsed.hasError()) {
      throw syntaxError(text, rewritten, first(parsed.getErrors()));
    }
    CelAbstractSyntaxTree ast = ast(parsed);
    FieldReferences refs = FieldReferences.of(ast.getExpr());
    CelCompilerBuilder declared = BASE.toCompilerBuilder();
    refs.identifiers().forEach(name -> declared.addVar(name, SimpleType.DYN));
    CelValidationResult checked = declared.build().check(ast);
    if (checked.hasError()) {
      CelIssue issue = first(checked.getErrors());
      Position at = position(text, rewritten, issue);
      throw new ConditionTypeException(at.line(), at.column(), typeProblem(issue.getMessage()));
    }
    CelAbstractSyntaxTree checkedAst = ast(checked);
    CelType result = checkedAst.getResultType();
    if (result.kind() != CelKind.BOOL && result.kind() != CelKind.DYN) {
      throw new ConditionTypeException(1, 1, "the condition is " + article(result.name())
          + ", not a bool: compare it, e.g. x > 0");
    }
    checkRegexLiterals(text, rewritten, checkedAst);
    try {
      return new Compiled(rewritten.cel(), RUNTIME.createProgram(checkedAst), Set.copyOf(refs.identifiers()),
          refs.paths());
    } catch (CelEvaluationException e) {
      throw new ConditionTypeException(1, 1, "cannot plan the condition: " + e.getMessage());
    }
  }

  private static CelAbstractSyntaxTree ast(CelValidationResult result) {
    try {
      return result.getAst();
    } catch (dev.cel.common.CelValidationException e) {
      throw new IllegalStateException("CEL reported no error but gave no AST", e);
    }
  }

  private static CelIssue first(List<CelIssue> issues) {
    return issues.stream()
        .min(Comparator.comparingInt((CelIssue i) -> i.getSourceLocation().getLine())
            .thenComparingInt(i -> i.getSourceLocation().getColumn()))
        .orElseThrow();
  }

  private static Position position(String text, LegacySyntax.Rewritten rewritten, CelIssue issue) {
    int line = Math.max(1, issue.getSourceLocation().getLine());
    int column = Math.max(0, issue.getSourceLocation().getColumn());
    return positionOfCelOffset(text, rewritten, Position.offsetOf(rewritten.cel(), line, column));
  }

  private static Position positionOfCelOffset(String text, LegacySyntax.Rewritten rewritten, int celOffset) {
    return Position.of(text, rewritten.originOf(celOffset));
  }

  /** Turns ANTLR's wording into what the user needs, naming the token before the problem. */
  private static ConditionSyntaxException syntaxError(String text, LegacySyntax.Rewritten rewritten, CelIssue issue) {
    Position at = position(text, rewritten, issue);
    int offset = rewritten.originOf(Position.offsetOf(rewritten.cel(), Math.max(1,
        issue.getSourceLocation().getLine()), Math.max(0, issue.getSourceLocation().getColumn())));
    String message = issue.getMessage();
    Matcher input = INPUT_MESSAGE.matcher(message);
    Matcher missing = MISSING_MESSAGE.matcher(message);
    Matcher token = TOKEN_MESSAGE.matcher(message);
    LegacySyntax.Token before = rewritten.tokenBefore(offset);
    String after = before == null ? "" : " after '" + before.text() + "'";
    String problem = message;
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

  private static String typeProblem(String message) {
    String problem = message.replace(" (in container '')", "");
    int candidates = problem.indexOf(" (candidates: ");
    if (candidates > 0 && problem.length() - candidates > 100) {
      problem = problem.substring(0, candidates);
    }
    return problem;
  }

  private static String article(String type) {
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }

  /** CEL checks regexes only when matching: a bad literal regex is reported now, where it was written. */
  private static void checkRegexLiterals(String text, LegacySyntax.Rewritten rewritten, CelAbstractSyntaxTree ast) {
    CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
      CelExpr e = node.expr();
      if (e.getKind() != CelExpr.ExprKind.Kind.CALL || !e.call().function().equals("matches")) {
        return;
      }
      List<CelExpr> args = e.call().args();
      Optional<CelExpr> regex = Optional.ofNullable(args.isEmpty() ? null : args.get(args.size() - 1))
          .filter(r -> r.getKind() == CelExpr.ExprKind.Kind.CONSTANT
              && r.constant().getKind() == CelConstant.Kind.STRING_VALUE);
      regex.ifPresent(r -> {
        try {
          Pattern.compile(r.constant().stringValue());
        } catch (PatternSyntaxException ex) {
          Integer celOffset = ast.getSource().getPositionsMap().get(r.id());
          Position at = positionOfCelOffset(text, rewritten, celOffset == null ? 0 : celOffset);
          throw new ConditionSyntaxException(at.line(), at.column(), "invalid regex '" + r.constant().stringValue()
              + "': " + ex.getDescription());
        }
      });
    });
  }
}
