package io.tributary.pipeline.config;

import java.util.Objects;

/**
 * Names one component of a pipeline config and builds the paths its error messages start with.
 *
 * @param section the section the component is declared in
 * @param name the component's name (unique across sections)
 */
public record ComponentRef(Section section, String name) {

  /** Validates the parts. */
  public ComponentRef {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(name, "name");
  }

  /** @return {@code <section>.<name>}, e.g. {@code transforms.parse} */
  public String path() {
    return section.key() + "." + name;
  }

  /** @return {@code <section>.<name>.<field>}, e.g. {@code transforms.parse.inputs} */
  public String path(String field) {
    return path() + "." + field;
  }

  @Override
  public String toString() {
    return path();
  }
}
