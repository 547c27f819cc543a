package io.tributary.pipeline.component;

import io.tributary.pipeline.config.Options;

/**
 * Reads one component type's options into a definition. Problems go to the {@link Options}' error
 * collector; the factory reads every option of its type (so that the rest count as unknown) and
 * may return {@code null} when the options are too broken to build a definition.
 *
 * @param <D> the kind of definition: source, transform or sink
 */
@FunctionalInterface
public interface ComponentFactory<D> {

  /** @return the definition, or {@code null} after recording why not */
  D create(Options options);
}
