package io.tributary.pipeline.condition;

import dev.cel.runtime.CelVariableResolver;
import io.tributary.pipeline.event.Event;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A boolean condition over an event's fields, as written in a pipeline config's {@code filter} and
 * {@code route}: a CEL expression (the Common Expression Language of Kubernetes and Envoy), e.g.
 * {@code level == "error" && latency_ms > 100} or {@code http.path.startsWith("/api/") &&
 * has(self.trace_id)}. Parse one with {@link #parse}, which compiles and type-checks it once;
 * {@link #test} then evaluates it per event and never throws. The language is described in {@code
 * docs/pipeline-conditions.md}.
 *
 * <p>Names: an identifier names a top-level field of the event ({@code level}); a dotted path
 * reads into nested objects ({@code http.status}); {@code self} is the map of all fields ({@code
 * has(self.trace_id)}, {@code self["user-agent"]}). A missing top-level field is {@code null}.
 * The spellings of the conditions written before CEL ({@code and}, {@code or}, {@code not}, {@code
 * exists(f)}, {@code =~}, {@code !~}) still work.
 *
 * <p>Evaluation: the condition holds only when it evaluates to {@code true}. An evaluation error
 * (a comparison of a missing field with a number, a key absent from a nested object) makes it
 * false, unless {@code &&} or {@code ||} is decided by its other side; the first such error of a
 * condition is logged once. Instances are immutable and safe to share between threads.
 */
public final class Condition {

  private static final Logger log = LoggerFactory.getLogger(Condition.class);

  private final String text;
  private final ConditionCompiler.Compiled compiled;
  private final AtomicBoolean warned = new AtomicBoolean();

  private Condition(String text, ConditionCompiler.Compiled compiled) {
    this.text = text;
    this.compiled = compiled;
  }

  /**
   * Compiles a condition: parses it, type-checks it, compiles its regex literals.
   *
   * @throws ConditionSyntaxException when it does not parse, with the 1-based column and what was
   *     expected there
   * @throws ConditionTypeException when its types do not fit or it is not a boolean
   */
  public static Condition parse(String text) {
    return new Condition(text, ConditionCompiler.compile(text));
  }

  /** @return whether the event satisfies the condition ({@code false} when evaluation fails) */
  public boolean test(Event event) {
    Object result;
    try {
      result = compiled.program().eval(resolver(event));
    } catch (Exception e) {
      warnOnce(e.getMessage());
      return false;
    }
    if (result instanceof Boolean b) {
      return b;
    }
    warnOnce("the result is not a bool but " + result);
    return false;
  }

  private CelVariableResolver resolver(Event event) {
    return name -> {
      if (name.equals(FieldReferences.EVENT)) {
        return Optional.of(CelValues.of(event.fields()));
      }
      return compiled.identifiers().contains(name) ? Optional.of(CelValues.of(event.fields().get(name)))
          : Optional.empty();
    };
  }

  private void warnOnce(String problem) {
    if (warned.compareAndSet(false, true)) {
      log.warn("condition \"{}\" could not be evaluated on an event and counts as false: {} "
          + "(logged once per condition)", text, problem);
    }
  }

  /** Adds the field paths the condition reads to {@code into}. */
  public void collectFields(Set<String> into) {
    into.addAll(compiled.fields());
  }

  /**
   * @return the field paths the condition reads, in order of appearance: top-level fields ({@code
   *     level}), paths into objects ({@code http.status}), fields read through {@code self}
   */
  public Set<String> fields() {
    return Collections.unmodifiableSet(compiled.fields());
  }

  /** @return the condition as written */
  public String text() {
    return text;
  }

  /** @return the CEL expression compiled: the text with the legacy spellings rewritten */
  public String expression() {
    return compiled.cel();
  }

  @Override
  public String toString() {
    return text;
  }
}
