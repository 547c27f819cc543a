package io.tributary.asyncapi.codegen.model;

import java.util.List;
import java.util.Optional;

/**
 * A channel address parameter: the {@code streetlightId} of {@code lights.{streetlightId}.on}.
 *
 * @param name its name in the address
 * @param description its description
 * @param enumValues the values it may take, empty for any
 * @param defaultValue its default
 * @param location a runtime expression naming where its value is in a message, e.g. {@code
 *     $message.payload#/user/id}
 */
public record ParameterModel(String name, Optional<String> description, List<String> enumValues,
    Optional<String> defaultValue, Optional<String> location) {

  /** Copies the list. */
  public ParameterModel {
    enumValues = List.copyOf(enumValues);
  }
}
