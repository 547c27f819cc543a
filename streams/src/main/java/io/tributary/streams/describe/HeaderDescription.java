package io.tributary.streams.describe;

import java.util.Objects;

/**
 * A header a message carries (a text value).
 *
 * @param name the header name, e.g. {@code tributary.error.class}
 * @param description what it holds
 */
public record HeaderDescription(String name, String description) {

  /** Checks that both are given. */
  public HeaderDescription {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }
}
