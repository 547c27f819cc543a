package io.tributary.pipeline.component;

import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import java.util.List;

/** A configured sink. {@link #start} opens it when the pipeline starts. */
public interface SinkDefinition {

  /** Checks the options that name fields against what the inputs can hold. */
  default void validate(FieldSet input, ConfigErrors errors) {}

  /**
   * Opens what the sink writes to.
   *
   * @param inputs the sink's inputs as written in the config ({@code parse}, {@code route.errors})
   * @throws PipelineStartException when it cannot (an unwritable path, a refused topic)
   */
  RunningSink start(RunContext context, List<String> inputs);
}
