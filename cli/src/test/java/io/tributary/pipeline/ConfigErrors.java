package io.tributary.pipeline;

import io.tributary.pipeline.config.ConfigError;
import io.tributary.pipeline.config.PipelineConfigException;
import java.util.List;

/** The errors a pipeline config is refused with, for the config validation tests. */
final class ConfigErrors {

  private ConfigErrors() {}

  /** Parses {@code hocon}, expecting it to be invalid, and returns each error as text. */
  static List<String> of(String hocon) {
    try {
      Pipeline.parse(hocon);
    } catch (PipelineConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected the config to be invalid:\n" + hocon);
  }
}
