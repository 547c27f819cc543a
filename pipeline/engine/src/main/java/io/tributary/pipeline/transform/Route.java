package io.tributary.pipeline.transform;

import io.tributary.pipeline.component.EventTransformFlow;
import io.tributary.pipeline.component.Routed;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Transform {@code route}: sends each event to every named output whose condition (a CEL
 * expression: see {@link Condition}) it satisfies, or to {@code _unmatched} when it satisfies none. Downstream components read an output as {@code
 * <name>.<output>}; a route has no default output. An event on two outputs is acknowledged once
 * both branches are done; an output no component reads counts as done.
 *
 * <pre>
 * transforms {
 *   by_kind { type = route, inputs = [parse], route { errors = "level == \"error\"", slow = "latency_ms > 500" } }
 * }
 * sinks { alerts { type = file, inputs = [by_kind.errors, by_kind.slow], path = "/tmp/alerts.json" } }
 * </pre>
 */
public final class Route implements TransformDefinition {

  /** The type name in configs. */
  public static final String TYPE = "route";
  /** The output of events that satisfy no condition. */
  public static final String UNMATCHED = "_unmatched";

  private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private final ComponentRef ref;
  private final Map<String, Condition> routes;

  /**
   * @param ref the component, for messages
   * @param routes output name to condition, in the order they are tested (a null condition never matches)
   */
  public Route(ComponentRef ref, Map<String, Condition> routes) {
    this.ref = ref;
    this.routes = new LinkedHashMap<>(routes);
  }

  /** Reads the options: route (output name to condition). */
  public static Route create(Options options) {
    if (!options.has("route")) {
      options.error("route", "missing (required for type 'route'): route { <output> = \"<condition>\", ... }");
      return null;
    }
    Map<String, String> texts = options.stringMap("route");
    if (texts.isEmpty() && !options.hasErrors()) {
      options.error("route", "needs at least one output: route { <output> = \"<condition>\", ... }");
    }
    Map<String, Condition> routes = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      String path = options.path("route") + "." + e.getKey();
      if (!OUTPUT_NAME.matcher(e.getKey()).matches()) {
        options.errors().add(path, "invalid output name: use letters, digits, '_' and '-', not starting "
            + "with '_' (names starting with '_' are reserved)");
        continue;
      }
      // an invalid condition keeps its output, so that readers of it get no second, misleading error
      routes.put(e.getKey(), options.parseCondition(path, e.getValue()));
    }
    return new Route(options.ref(), routes);
  }

  @Override
  public boolean hasDefaultOutput() {
    return false;
  }

  @Override
  public List<String> namedOutputs() {
    List<String> outputs = new ArrayList<>(routes.keySet());
    outputs.add(UNMATCHED);
    return outputs;
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    routes.forEach((name, condition) -> {
      if (condition != null) {
        input.check(errors, ref.path("route") + "." + name, condition.fields());
      }
    });
  }

  @Override
  public FieldSet outputFields(String output, FieldSet input) {
    return input;
  }

  /** @return the event once per output whose condition holds, or on {@code _unmatched} */
  public List<Routed> apply(Event event) {
    List<Routed> out = new ArrayList<>(1);
    routes.forEach((name, condition) -> {
      if (condition != null && condition.test(event)) {
        out.add(Routed.to(name, event));
      }
    });
    if (out.isEmpty()) {
      out.add(Routed.to(UNMATCHED, event));
    }
    return out;
  }

  @Override
  public Flow<Delivery, Delivery, NotUsed> flow(RunContext context) {
    return EventTransformFlow.of(this::apply, context);
  }
}
