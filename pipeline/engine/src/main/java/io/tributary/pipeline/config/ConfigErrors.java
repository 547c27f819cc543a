package io.tributary.pipeline.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while reading a pipeline config, so that the user sees all of them
 * at once instead of one per run. Not thread-safe: one per validation.
 */
public final class ConfigErrors {

  private final List<ConfigError> errors = new ArrayList<>();

  /** Records a problem at {@code path}. */
  public void add(String path, String problem) {
    ConfigError error = new ConfigError(path, problem);
    if (!errors.contains(error)) {
      errors.add(error);
    }
  }

  /** @return whether any problem was recorded */
  public boolean any() {
    return !errors.isEmpty();
  }

  /** @return the problems so far, in the order found */
  public List<ConfigError> list() {
    return List.copyOf(errors);
  }

  /** @return how many problems were recorded */
  public int size() {
    return errors.size();
  }

  /**
   * @throws PipelineConfigException when any problem was recorded, with the problems grouped by
   *     component: sources, then transforms, then sinks, then the rest; in the order found within
   *     one path
   */
  public void throwIfAny() {
    if (any()) {
      List<ConfigError> sorted = new ArrayList<>(errors);
      sorted.sort(Comparator.comparingInt((ConfigError e) -> sectionOrder(e.path()))
          .thenComparing(e -> componentOf(e.path())));
      throw new PipelineConfigException(sorted);
    }
  }

  private static int sectionOrder(String path) {
    for (Section s : Section.values()) {
      if (path.equals(s.key()) || path.startsWith(s.key() + ".")) {
        return s.ordinal();
      }
    }
    return Section.values().length;
  }

  /** {@code <section>.<name>} of a path, so one component's problems stay together in the order found. */
  private static String componentOf(String path) {
    int first = path.indexOf('.');
    int second = first < 0 ? -1 : path.indexOf('.', first + 1);
    return second < 0 ? path : path.substring(0, second);
  }
}
