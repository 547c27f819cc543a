package io.tributary.pipeline;

import java.util.Objects;

/**
 * One output of a component as written in {@code inputs}: {@code name} for its default output,
 * {@code name.output} for a named one ({@code route.errors}, {@code parse._errors}).
 *
 * @param component the component's name
 * @param output the output's name, or {@code null} for the default output
 */
public record OutputRef(String component, String output) {

  /** Validates the component name. */
  public OutputRef {
    Objects.requireNonNull(component, "component");
  }

  /** @return the reference written as {@code text} (split at the first dot) */
  public static OutputRef parse(String text) {
    int dot = text.indexOf('.');
    return dot < 0 ? new OutputRef(text, null) : new OutputRef(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return output == null ? component : component + "." + output;
  }
}
