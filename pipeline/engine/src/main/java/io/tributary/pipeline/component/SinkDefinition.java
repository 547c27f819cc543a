package io.tributary.pipeline.component;

import com.typesafe.config.Config;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.streams.describe.ChannelDescription;
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

  /**
   * The broker channels this sink uses, for the pipeline's AsyncAPI document ({@code ./tributary
   * asyncapi FILE}): none unless it talks to a broker.
   *
   * @param config the system's config, for what the pipeline file leaves out (e.g. the dead-letter suffix)
   * @return the channels, read from the options only (nothing is opened)
   */
  default List<ChannelDescription> describe(Config config) {
    return List.of();
  }
}
