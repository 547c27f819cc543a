package io.tributary.pipeline.component;

import io.tributary.pipeline.config.ComponentRef;

/**
 * A valid pipeline could not start because a component could not open what it needs: a file that
 * does not exist, a broker that does not answer. The message starts with the component ({@code
 * sinks.out: cannot open /x/out.json: ...}).
 */
public final class PipelineStartException extends RuntimeException {

  /**
   * @param component the component that failed
   * @param problem what went wrong and what to check
   * @param cause the underlying error, or null
   */
  public PipelineStartException(ComponentRef component, String problem, Throwable cause) {
    super(component.path() + ": " + problem, cause);
  }
}
