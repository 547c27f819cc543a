package io.tributary.pipeline;

import io.tributary.pipeline.config.ComponentRef;
import java.util.List;

/**
 * A validated component of a {@link Pipeline}: its name, type, definition and inputs.
 *
 * @param ref the component
 * @param type its type name
 * @param definition its definition: a SourceDefinition, TransformDefinition or SinkDefinition
 * @param inputs what it reads, in config order (empty for sources)
 */
record PlannedComponent(ComponentRef ref, String type, Object definition, List<OutputRef> inputs) {

  String name() {
    return ref.name();
  }
}
