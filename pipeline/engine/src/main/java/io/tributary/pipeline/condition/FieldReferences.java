package io.tributary.pipeline.condition;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a parsed condition reads from the event: the free identifiers (each a top-level field,
 * declared to CEL as a {@code dyn} variable) and the field paths, for the check against the fields
 * a pipeline's events can have ({@code http.status}, {@code self.trace_id} and {@code
 * self["trace_id"]} read {@code http.status} and {@code trace_id}). Names bound by a macro such as
 * {@code tags.exists(t, t == "x")} are not fields. CEL's type names ({@code int}, {@code string},
 * {@code list}, ...) are fields too, except where compared with {@code type(...)}: in {@code
 * type(x) == string}, {@code string} is the type.
 */
final class FieldReferences {

  /** The variable that holds every field of the event as a map. */
  static final String EVENT = "self";

  /** Identifiers that name CEL types where compared with {@code type(x)}. */
  static final Set<String> TYPE_NAMES =
      Set.of("bool", "bytes", "double", "dyn", "int", "list", "map", "null_type", "string", "uint");

  private final Set<String> identifiers = new LinkedHashSet<>();
  private final Set<String> paths = new LinkedHashSet<>();

  private FieldReferences() {}

  /** @return the references of the parsed expression {@code root} */
  static FieldReferences of(CelExpr root) {
    FieldReferences refs = new FieldReferences();
    refs.walk(root, Set.of());
    return refs;
  }

  /** @return the free identifiers other than {@code self}, in order of appearance */
  Set<String> identifiers() {
    return identifiers;
  }

  /** @return the field paths read, in order of appearance */
  Set<String> paths() {
    return paths;
  }

  private void walk(CelExpr e, Set<String> bound) {
    switch (e.getKind()) {
      case IDENT -> {
        String name = e.ident().name();
        if (!bound.contains(name) && !name.equals(EVENT)) {
          identifiers.add(name);
          paths.add(name);
        }
      }
      case SELECT -> {
        if (!recordPath(e, bound)) {
          walk(e.select().operand(), bound);
        }
      }
      case CALL -> {
        CelExpr typeName = comparedType(e, bound);
        if (typeName != null) {
          e.call().args().stream().filter(a -> a != typeName).forEach(a -> walk(a, bound));
        } else if (!recordPath(e, bound)) {
          e.call().target().ifPresent(t -> walk(t, bound));
          e.call().args().forEach(a -> walk(a, bound));
        }
      }
      case LIST -> e.list().elements().forEach(x -> walk(x, bound));
      case MAP -> e.map().entries().forEach(x -> {
        walk(x.key(), bound);
        walk(x.value(), bound);
      });
      case STRUCT -> e.struct().entries().forEach(x -> walk(x.value(), bound));
      case COMPREHENSION -> {
        CelExpr.CelComprehension c = e.comprehension();
        walk(c.iterRange(), bound);
        walk(c.accuInit(), bound);
        Set<String> inner = new HashSet<>(bound);
        inner.add(c.iterVar());
        if (c.iterVar2() != null && !c.iterVar2().isEmpty()) {
          inner.add(c.iterVar2());
        }
        inner.add(c.accuVar());
        walk(c.loopCondition(), inner);
        walk(c.loopStep(), inner);
        Set<String> result = new HashSet<>(bound);
        result.add(c.accuVar());
        walk(c.result(), result);
      }
      default -> {
        // constants read nothing
      }
    }
  }

  /**
   * Records the path of a chain of member selections and constant-string indexes rooted at a free
   * identifier ({@code http.status}, {@code self["user-agent"]}).
   *
   * @return whether {@code e} was such a chain
   */
  private boolean recordPath(CelExpr e, Set<String> bound) {
    StringBuilder path = new StringBuilder();
    CelExpr at = e;
    while (true) {
      String segment;
      CelExpr operand;
      if (at.getKind() == CelExpr.ExprKind.Kind.SELECT) {
        segment = at.select().field();
        operand = at.select().operand();
      } else if (isConstantIndex(at)) {
        segment = at.call().args().get(1).constant().stringValue();
        operand = at.call().args().get(0);
      } else {
        break;
      }
      path.insert(0, path.length() == 0 ? segment : segment + ".");
      at = operand;
    }
    if (at == e || at.getKind() != CelExpr.ExprKind.Kind.IDENT || bound.contains(at.ident().name())) {
      return false;
    }
    String root = at.ident().name();
    if (root.equals(EVENT)) {
      paths.add(path.toString());
    } else {
      identifiers.add(root);
      paths.add(root + "." + path);
    }
    return true;
  }

  /** @return in {@code type(x) == string} (or {@code !=}, either side), the {@code string}; else null */
  private static CelExpr comparedType(CelExpr e, Set<String> bound) {
    if (!e.call().function().equals("_==_") && !e.call().function().equals("_!=_")) {
      return null;
    }
    List<CelExpr> args = e.call().args();
    for (int i = 0; i < 2 && args.size() == 2; i++) {
      CelExpr name = args.get(i);
      CelExpr other = args.get(1 - i);
      if (name.getKind() == CelExpr.ExprKind.Kind.IDENT && TYPE_NAMES.contains(name.ident().name())
          && !bound.contains(name.ident().name()) && other.getKind() == CelExpr.ExprKind.Kind.CALL
          && other.call().function().equals("type") && other.call().target().isEmpty()) {
        return name;
      }
    }
    return null;
  }

  private static boolean isConstantIndex(CelExpr e) {
    return e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals("_[_]")
        && e.call().target().isEmpty() && e.call().args().size() == 2
        && e.call().args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && e.call().args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE;
  }
}
