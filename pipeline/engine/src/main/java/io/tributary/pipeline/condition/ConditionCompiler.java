package io.tributary.pipeline.condition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 * ({@code 250 == 250.0}, {@code 0.5 < 1}). The runtime is CEL's planner, with {@code matches}
 * bound to {@link RegexCache} and event objects handed over as {@link CelValues.ObjectValue}: both
 * for speed (the {@code conditions} suite in BENCHMARKS.md).
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
      throw CelIssues.syntaxError(text, rewritten, parsed.getErrors());
    }
    CelAbstractSyntaxTree ast = ast(parsed);
    FieldReferences refs = FieldReferences.of(ast.getExpr());
    CelCompilerBuilder declared = BASE.toCompilerBuilder();
    refs.identifiers().forEach(name -> declared.addVar(name, SimpleType.DYN));
    CelValidationResult checked = declared.build().check(ast);
    if (checked.hasError()) {
      throw CelIssues.typeError(text, rewritten, checked.getErrors());
    }
    CelAbstractSyntaxTree checkedAst = ast(checked);
    CelType result = checkedAst.getResultType();
    if (result.kind() != CelKind.BOOL && result.kind() != CelKind.DYN) {
      throw new ConditionTypeException(1, 1, "the condition is "
          + ("aeiou".indexOf(result.name().charAt(0)) >= 0 ? "an " : "a ") + result.name()
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
          Position at = Position.of(text, rewritten.originOf(celOffset == null ? 0 : celOffset));
          throw new ConditionSyntaxException(at.line(), at.column(), "invalid regex '" + r.constant().stringValue()
              + "': " + ex.getDescription());
        }
      });
    });
  }
}
