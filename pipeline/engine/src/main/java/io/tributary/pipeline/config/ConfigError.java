package io.tributary.pipeline.config;

import java.util.Objects;

/**
 * One problem in a pipeline config: where ({@code <section>.<name>.<field>}, e.g. {@code
 * transforms.errors_only.condition}) and what is wrong there.
 *
 * @param path the config path of the offending value
 * @param problem what is wrong, with the offending value and, where possible, what to write instead
 */
public record ConfigError(String path, String problem) {

  /** Validates the parts. */
  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(problem, "problem");
  }

  /** @return the line the command prints: {@code <path>: <problem>} */
  @Override
  public String toString() {
    return path + ": " + problem;
  }
}
