package io.tributary.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tributary.pipeline.component.ComponentFactory;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.config.Section;
import io.tributary.pipeline.config.Suggestions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates a pipeline config and plans the graph: reads every component's options, resolves
 * {@code inputs}, finds cycles, orders the transforms, and checks field references against what
 * the upstream components can produce. Collects every problem before giving up, so that one run
 * reports them all.
 */
final class PipelinePlanner {

  private static final List<String> SECTIONS = List.of("sources", "transforms", "sinks", "vars");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /** A component as declared, before the checks across components. */
  private static final class Declared {
    final ComponentRef ref;
    final String type;
    final Object definition;
    final List<String> inputTexts;
    final List<OutputRef> inputs = new ArrayList<>();

    Declared(ComponentRef ref, String type, Object definition, List<String> inputTexts) {
      this.ref = ref;
      this.type = type;
      this.definition = definition;
      this.inputTexts = inputTexts;
    }

    String name() {
      return ref.name();
    }

    Section section() {
      return ref.section();
    }
  }

  private final Config config;
  private final ComponentRegistry registry;
  private final ConfigErrors errors = new ConfigErrors();
  private final Map<String, Declared> byName = new LinkedHashMap<>();

  PipelinePlanner(Config config, ComponentRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  Pipeline plan(String name) {
    for (String key : new TreeSet<>(config.root().keySet())) {
      if (!SECTIONS.contains(key)) {
        errors.add(key, "unknown section (" + Suggestions.closest(key, SECTIONS).map(c -> "did you mean '" + c
            + "'? ").orElse("") + "sections: " + String.join(", ", SECTIONS) + ")");
      }
    }
    for (Section section : Section.values()) {
      declare(section);
    }
    resolveInputs();
    List<Declared> transforms = orderTransforms();
    checkFields(transforms);
    errors.throwIfAny();
    List<PlannedComponent> sources = planned(of(Section.SOURCES));
    List<PlannedComponent> sinks = planned(of(Section.SINKS));
    return new Pipeline(name, sources, planned(transforms), sinks, warnings(transforms));
  }

  // ---- one component at a time ----

  private void declare(Section section) {
    ConfigValue value = config.root().get(section.key());
    if (value == null || value.valueType() == ConfigValueType.NULL) {
      if (section != Section.TRANSFORMS) {
        errors.add(section.key(), "missing: a pipeline needs at least one " + section.singular());
      }
      return;
    }
    if (value.valueType() != ConfigValueType.OBJECT) {
      errors.add(section.key(), "expected named " + section.key() + ": " + section.key()
          + " { <name> { type = ..., ... } }");
      return;
    }
    ConfigObject components = (ConfigObject) value;
    if (components.isEmpty() && section != Section.TRANSFORMS) {
      errors.add(section.key(), "a pipeline needs at least one " + section.singular());
    }
    for (String name : new TreeSet<>(components.keySet())) {
      declare(new ComponentRef(section, name), components.get(name));
    }
  }

  private void declare(ComponentRef ref, ConfigValue value) {
    String name = ref.name();
    if (!NAME.matcher(name).matches()) {
      errors.add(ref.path(), "invalid name: use letters, digits, '_' and '-', starting with a letter or digit");
      return;
    }
    Declared taken = byName.get(name);
    if (taken != null) {
      errors.add(ref.path(), "the name '" + name + "' is taken by " + taken.ref.path()
          + ": names must be unique across sources, transforms and sinks");
      return;
    }
    if (value.valueType() != ConfigValueType.OBJECT) {
      errors.add(ref.path(), "expected an object { type = ..., ... }");
      byName.put(name, new Declared(ref, null, null, List.of()));
      return;
    }
    ConfigObject object = (ConfigObject) value;
    Section section = ref.section();
    Set<String> types = registry.types(section);
    String type = null;
    ConfigValue typeValue = object.get("type");
    if (typeValue == null || typeValue.valueType() == ConfigValueType.NULL) {
      errors.add(ref.path("type"), "missing (one of: " + String.join(", ", types) + ")");
    } else if (typeValue.valueType() != ConfigValueType.STRING) {
      errors.add(ref.path("type"), "expected a type name (one of: " + String.join(", ", types) + ")");
    } else {
      type = (String) typeValue.unwrapped();
    }
    Optional<ComponentFactory<?>> factory = type == null ? Optional.empty() : registry.factory(section, type);
    if (type != null && factory.isEmpty()) {
      errors.add(ref.path("type"), "unknown " + section.singular() + " type '" + type + "' ("
          + Suggestions.closest(type, types).map(c -> "did you mean '" + c + "'? ").orElse("")
          + "types: " + String.join(", ", types) + ")");
    }
    Options options = new Options(ref, type == null ? "?" : type, object, errors);
    List<String> inputs = List.of();
    if (section != Section.SOURCES) {
      if (!options.has("inputs")) {
        errors.add(ref.path("inputs"), "missing: name the components it reads, e.g. inputs = [<name>]");
      } else {
        inputs = options.stringList("inputs", true);
      }
    }
    Object definition = null;
    if (factory.isPresent()) {
      try {
        definition = factory.get().create(options);
      } catch (RuntimeException e) {
        errors.add(ref.path(), "invalid: " + e.getMessage());
      }
      options.reportUnknownKeys();
    }
    byName.put(name, new Declared(ref, type, definition, inputs));
  }

  private static String hint(String name, Set<String> candidates) {
    return Suggestions.closest(name, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  // ---- across components ----

  private void resolveInputs() {
    Set<String> producers = byName.values().stream().filter(d -> d.section() != Section.SINKS)
        .map(Declared::name).collect(Collectors.toCollection(TreeSet::new));
    for (Declared d : byName.values()) {
      Set<String> seen = new HashSet<>();
      String path = d.ref.path("inputs");
      for (String text : d.inputTexts) {
        if (!seen.add(text)) {
          errors.add(path, "'" + text + "' is listed twice");
          continue;
        }
        OutputRef input = OutputRef.parse(text);
        Declared upstream = byName.get(input.component());
        if (upstream == null) {
          errors.add(path, "unknown component '" + input.component() + "'" + hint(input.component(), producers));
          continue;
        }
        if (upstream.section() == Section.SINKS) {
          errors.add(path, "'" + upstream.name() + "' is a sink: it has no output to read");
          continue;
        }
        if (upstream.definition != null) {
          boolean hasDefault = !(upstream.definition instanceof TransformDefinition t) || t.hasDefaultOutput();
          List<String> named = upstream.definition instanceof TransformDefinition t ? t.namedOutputs() : List.of();
          String outputs = named.stream().map(o -> upstream.name() + "." + o).collect(Collectors.joining(", "));
          if (input.output() == null && !hasDefault) {
            errors.add(path, "'" + upstream.name() + "' has no default output: read one of " + outputs);
            continue;
          }
          if (input.output() != null && !named.contains(input.output())) {
            errors.add(path, "'" + upstream.name() + "' has no output '" + input.output() + "'"
                + (named.isEmpty() ? " (it has only its default output '" + upstream.name() + "')"
                    : " (outputs: " + (hasDefault ? upstream.name() + ", " : "") + outputs + ")"));
            continue;
          }
        }
        d.inputs.add(input);
      }
    }
  }

  /**
   * @return the transforms in dependency order; when some form a cycle (an error per cycle is
   *     recorded), only those not in or after a cycle
   */
  private List<Declared> orderTransforms() {
    Map<String, Declared> transforms = new TreeMap<>();
    for (Declared d : of(Section.TRANSFORMS)) {
      transforms.put(d.name(), d);
    }
    Map<String, Set<String>> downstream = new TreeMap<>();
    Map<String, Integer> indegree = new HashMap<>();
    for (Declared d : transforms.values()) {
      indegree.putIfAbsent(d.name(), 0);
      for (OutputRef input : d.inputs) {
        if (transforms.containsKey(input.component())
            && downstream.computeIfAbsent(input.component(), k -> new TreeSet<>()).add(d.name())) {
          indegree.merge(d.name(), 1, Integer::sum);
        }
      }
    }
    Set<String> cycles = new LinkedHashSet<>();
    Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 finished
    for (String start : transforms.keySet()) {
      findCycles(start, downstream, state, new ArrayList<>(), cycles);
    }
    if (!cycles.isEmpty()) {
      for (String cycle : cycles) {
        String first = cycle.substring(0, cycle.indexOf(' '));
        errors.add(transforms.get(first).ref.path("inputs"), "inputs form a cycle: " + cycle);
      }
    }
    ArrayDeque<String> ready = new ArrayDeque<>();
    indegree.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).sorted()
        .forEach(ready::add);
    List<Declared> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(transforms.get(n));
      for (String m : downstream.getOrDefault(n, Set.of())) {
        if (indegree.merge(m, -1, Integer::sum) == 0) {
          ready.add(m);
        }
      }
    }
    return order;
  }

  private static void findCycles(String node, Map<String, Set<String>> downstream, Map<String, Integer> state,
      List<String> path, Set<String> cycles) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return;
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      // start the cycle at its smallest name, so each cycle is reported once
      int min = cycle.indexOf(new TreeSet<>(cycle).first());
      List<String> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
      rotated.addAll(cycle.subList(0, min));
      rotated.add(rotated.get(0));
      cycles.add(String.join(" -> ", rotated));
      return;
    }
    state.put(node, 1);
    path.add(node);
    for (String next : downstream.getOrDefault(node, Set.of())) {
      findCycles(next, downstream, state, path, cycles);
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
  }

  private void checkFields(List<Declared> transforms) {
    Map<String, FieldSet> fields = new HashMap<>();
    for (Declared d : of(Section.SOURCES)) {
      if (d.definition instanceof SourceDefinition s) {
        fields.put(d.name(), s.fields());
      }
    }
    for (Declared d : transforms) {
      FieldSet input = inputFields(d, fields);
      if (d.definition instanceof TransformDefinition t) {
        t.validate(input, errors);
        if (t.hasDefaultOutput()) {
          fields.put(d.name(), t.outputFields(null, input));
        }
        for (String output : t.namedOutputs()) {
          fields.put(d.name() + "." + output, t.outputFields(output, input));
        }
      }
    }
    for (Declared d : of(Section.SINKS)) {
      if (d.definition instanceof SinkDefinition s) {
        s.validate(inputFields(d, fields), errors);
      }
    }
  }

  private static FieldSet inputFields(Declared d, Map<String, FieldSet> fields) {
    FieldSet result = null;
    for (OutputRef input : d.inputs) {
      FieldSet f = fields.getOrDefault(input.toString(), FieldSet.open());
      result = result == null ? f : result.union(f);
    }
    return result == null ? FieldSet.open() : result;
  }

  private List<String> warnings(List<Declared> transforms) {
    Set<String> read = new HashSet<>();
    for (Declared d : byName.values()) {
      d.inputs.forEach(i -> read.add(i.toString()));
    }
    List<String> warnings = new ArrayList<>();
    List<Declared> producers = new ArrayList<>(of(Section.SOURCES));
    producers.addAll(transforms);
    for (Declared d : producers) {
      List<String> outputs = new ArrayList<>();
      if (d.definition instanceof TransformDefinition t) {
        if (t.hasDefaultOutput()) {
          outputs.add(d.name());
        }
        t.namedOutputs().stream().filter(o -> !o.startsWith("_")).forEach(o -> outputs.add(d.name() + "." + o));
      } else {
        outputs.add(d.name());
      }
      for (String output : outputs) {
        if (!read.contains(output)) {
          warnings.add(d.ref.path() + ": nothing reads '" + output
              + "': its events are acknowledged without reaching a sink");
        }
      }
    }
    return warnings;
  }

  private List<Declared> of(Section section) {
    return byName.values().stream().filter(d -> d.section() == section).collect(Collectors.toList());
  }

  private static List<PlannedComponent> planned(List<Declared> declared) {
    return declared.stream()
        .map(d -> new PlannedComponent(d.ref, d.type, d.definition, List.copyOf(d.inputs)))
        .collect(Collectors.toList());
  }
}
