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
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Transform {@code filter}: passes the events that satisfy {@code condition} (a CEL expression,
 * compiled once at validation: see {@link Condition}) and drops the rest (a dropped event is done:
 * its source message is acknowledged once its other branches are).
 *
 * <pre>
 * transforms { errors_only { type = filter, inputs = [parse], condition = "level == \"error\" and latency_ms > 100" } }
 * </pre>
 */
public final class FilterTransform implements TransformDefinition {

  /** The type name in configs. */
  public static final String TYPE = "filter";

  private final ComponentRef ref;
  private final Condition condition;

  /**
   * @param ref the component, for messages
   * @param condition what an event must satisfy to pass
   */
  public FilterTransform(ComponentRef ref, Condition condition) {
    this.ref = ref;
    this.condition = condition;
  }

  /** Reads the options: condition. */
  public static FilterTransform create(Options options) {
    Condition condition = options.condition("condition");
    return condition == null ? null : new FilterTransform(options.ref(), condition);
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    input.check(errors, ref.path("condition"), condition.fields());
  }

  @Override
  public FieldSet outputFields(String output, FieldSet input) {
    return input;
  }

  /** @return the event when it satisfies the condition, else nothing */
  public List<Routed> apply(Event event) {
    return condition.test(event) ? List.of(Routed.of(event)) : List.of();
  }

  @Override
  public Flow<Delivery, Delivery, NotUsed> flow(RunContext context) {
    return EventTransformFlow.of(this::apply, context);
  }
}
