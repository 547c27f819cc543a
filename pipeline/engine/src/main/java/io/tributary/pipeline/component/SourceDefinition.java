package io.tributary.pipeline.component;

import com.typesafe.config.Config;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.streams.describe.ChannelDescription;
import java.util.List;

/**
 * A configured source (options read and checked, nothing opened yet). {@link #start} connects it
 * when the pipeline starts.
 */
public interface SourceDefinition {

  /** @return the fields of the events it emits ({@link FieldSet#open()} when unknown) */
  FieldSet fields();

  /**
   * Opens what the source reads from and returns it ready to be materialized once.
   *
   * @throws PipelineStartException when it cannot (a missing file, an unreachable broker)
   */
  RunningSource start(RunContext context);

  /**
   * The broker channels this source uses, for the pipeline's AsyncAPI document ({@code ./tributary
   * asyncapi FILE}): none unless it talks to a broker.
   *
   * @param config the system's config, for what the pipeline file leaves out (e.g. the dead-letter suffix)
   * @return the channels, read from the options only (nothing is opened)
   */
  default List<ChannelDescription> describe(Config config) {
    return List.of();
  }
}
