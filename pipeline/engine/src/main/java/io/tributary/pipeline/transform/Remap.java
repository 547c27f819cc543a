package io.tributary.pipeline.transform;

import io.tributary.pipeline.component.EventTransformFlow;
import io.tributary.pipeline.component.Routed;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Transform {@code remap}: reshapes each event's top-level fields, in this order: {@code rename {
 * from = to }}, then {@code set { field = value }} (a constant: string, number, boolean, list or
 * object), then {@code drop = [fields]}. Renaming or dropping a field an event does not have
 * leaves it as it is.
 */
public final class Remap implements TransformDefinition {

  /** The type name in configs. */
  public static final String TYPE = "remap";

  private final ComponentRef ref;
  private final Map<String, String> rename;
  private final Map<String, Object> set;
  private final List<String> drop;

  /**
   * @param ref the component, for messages
   * @param rename old name to new name
   * @param set field to constant value
   * @param drop fields to remove
   */
  public Remap(ComponentRef ref, Map<String, String> rename, Map<String, Object> set, List<String> drop) {
    this.ref = ref;
    this.rename = Collections.unmodifiableMap(new TreeMap<>(rename));
    this.set = set;
    this.drop = List.copyOf(drop);
  }

  /** Reads the options: rename, set, drop (at least one). */
  public static Remap create(Options options) {
    Map<String, String> rename = options.stringMap("rename");
    Map<String, Object> set = options.object("set");
    List<String> drop = options.stringList("drop", false);
    if (rename.isEmpty() && set.isEmpty() && drop.isEmpty() && !options.hasErrors()) {
      options.error("set", "a remap needs at least one of rename, set, drop");
    }
    return new Remap(options.ref(), rename, set, drop);
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    for (String from : rename.keySet()) {
      if (!input.mayHave(from)) {
        errors.add(ref.path("rename") + "." + from, input.unknownField(from));
      }
    }
    input.check(errors, ref.path("drop"), drop);
  }

  @Override
  public FieldSet outputFields(String output, FieldSet input) {
    FieldSet fields = input;
    for (Map.Entry<String, String> r : rename.entrySet()) {
      fields = fields.minus(r.getKey()).plus(r.getValue());
    }
    for (String field : set.keySet()) {
      fields = fields.plus(field);
    }
    for (String field : drop) {
      fields = fields.minus(field);
    }
    return fields;
  }

  /** @return the reshaped event */
  public List<Routed> apply(Event event) {
    Event e = event;
    for (Map.Entry<String, String> r : rename.entrySet()) {
      e = e.renamed(r.getKey(), r.getValue());
    }
    if (!set.isEmpty()) {
      e = e.withAll(set);
    }
    for (String field : drop) {
      e = e.without(field);
    }
    return List.of(Routed.of(e));
  }

  @Override
  public Flow<Delivery, Delivery, NotUsed> flow(RunContext context) {
    return EventTransformFlow.of(this::apply, context);
  }
}
