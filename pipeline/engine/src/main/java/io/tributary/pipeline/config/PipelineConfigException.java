package io.tributary.pipeline.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline config is invalid: nothing was started. {@link #errors()} lists every problem, one
 * per line in the message, each as {@code <section>.<name>.<field>: <problem>}.
 */
public final class PipelineConfigException extends RuntimeException {

  private final List<ConfigError> errors;

  /** @param errors the problems, at least one */
  public PipelineConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors must not be empty");
    }
    this.errors = List.copyOf(errors);
  }

  /** @return the problems, in the order found */
  public List<ConfigError> errors() {
    return errors;
  }
}
