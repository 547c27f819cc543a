package io.tributary.asyncapi.codegen.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A message, its traits merged in.
 *
 * @param id its key in the channel's {@code messages} (or under {@code components.messages})
 * @param pointer where it is after following {@code $ref}s, e.g. {@code #/components/messages/turnOnOff}
 * @param name its {@code name}, else its id
 * @param contentType its {@code contentType}, else the document's default
 * @param headers the schema of its headers, when given
 * @param payload the schema of its payload, when given
 * @param bindings its bindings by protocol ({@code kafka}: {@code key}...), resolved
 * @param title its title
 * @param summary its summary
 * @param description its description
 * @param componentName the key under {@code components.messages} when the message is one
 */
public record MessageModel(String id, String pointer, String name, String contentType,
    Optional<SchemaModel> headers, Optional<SchemaModel> payload, Map<String, JsonNode> bindings,
    Optional<String> title, Optional<String> summary, Optional<String> description,
    Optional<String> componentName) {

  /** Copies the map. */
  public MessageModel {
    bindings = Map.copyOf(bindings);
  }
}
