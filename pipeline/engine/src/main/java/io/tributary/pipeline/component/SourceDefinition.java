package io.tributary.pipeline.component;

import io.tributary.pipeline.config.FieldSet;

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
}
