package io.tributary.pipeline.component;

import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.event.Delivery;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A configured transform. Its flow receives deliveries and emits deliveries, each on its default
 * output ({@code output == null}) or on one of its {@link #namedOutputs()}, which downstream
 * components read as {@code <name>.<output>}. A transform that emits nothing for a delivery calls
 * {@link Delivery#done()} on it (a drop is done, never lost); one that emits it several times
 * retains the countdown first.
 */
public interface TransformDefinition {

  /** @return whether downstream components may read {@code <name>} itself (a route may not) */
  default boolean hasDefaultOutput() {
    return true;
  }

  /** @return the named outputs, e.g. {@code _errors} of parse_json, the routes of a route */
  default List<String> namedOutputs() {
    return List.of();
  }

  /** Checks the options that name fields against what the input can hold. */
  default void validate(FieldSet input, ConfigErrors errors) {}

  /** @return the fields of the events on {@code output} ({@code null}: the default) given the input's */
  FieldSet outputFields(String output, FieldSet input);

  /** @return the transform as a flow, with fresh state; materialized exactly once */
  Flow<Delivery, Delivery, NotUsed> flow(RunContext context);

  /**
   * Called for each delivery on an output that no component reads, right before it is done with.
   * The default does nothing; parse_json logs and counts its errors here.
   */
  default void unconsumed(String output, Delivery delivery) {}

  /** @return a short report for the stop line ({@code ""} for none), e.g. errors counted */
  default String report() {
    return "";
  }
}
