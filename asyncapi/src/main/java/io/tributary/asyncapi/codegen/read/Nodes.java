package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading fields of the document's objects, refusing with the pointer when a required one is wrong. */
final class Nodes {

  private Nodes() {}

  /** @return the field as text when it is a scalar (a YAML {@code 1.0} reads as {@code "1.0"}) */
  static Optional<String> text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? Optional.of(value.asText())
        : Optional.empty();
  }

  /**
   * @param object the object holding the field
   * @param field the field's name
   * @param pointer where {@code object} is
   * @return the field as text
   * @throws GenerationException when it is absent or no scalar
   */
  static String requiredText(JsonNode object, String field, String pointer) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new GenerationException(Pointers.child(pointer, field), "'" + field + "' is required");
    }
    if (!value.isValueNode()) {
      throw new GenerationException(Pointers.child(pointer, field),
          "'" + field + "' must be a string, was " + kind(value));
    }
    return value.asText();
  }

  /**
   * @param located a node and where it is
   * @param what what it should be, for the message ({@code channel})
   * @return the node
   * @throws GenerationException when it is no object
   */
  static JsonNode object(DocumentTree.Located located, String what) {
    if (!located.node().isObject()) {
      throw new GenerationException(located.pointer(),
          "a " + what + " must be an object, was " + kind(located.node()));
    }
    return located.node();
  }

  /**
   * The fields of a map-like object of the document ({@code channels}, {@code messages}...), in document order.
   *
   * @param node the object, or null when absent
   * @param pointer where it is
   * @param what what it should be, for the message ({@code channels})
   * @return its fields; none when {@code node} is null
   * @throws GenerationException when it is present but no object
   */
  static List<Map.Entry<String, JsonNode>> fields(JsonNode node, String pointer, String what) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    if (node == null || node.isNull()) {
      return fields;
    }
    if (!node.isObject()) {
      throw new GenerationException(pointer, "'" + what + "' must be an object (a map by id), was " + kind(node));
    }
    node.fields().forEachRemaining(fields::add);
    return fields;
  }

  /** @return the reference text of {@code node} ({@code $ref}), empty when it is no reference object */
  static Optional<String> ref(JsonNode node, String pointer) {
    if (node == null || !node.isObject() || !node.has("$ref")) {
      return Optional.empty();
    }
    JsonNode ref = node.get("$ref");
    if (!ref.isTextual()) {
      throw new GenerationException(Pointers.child(pointer, "$ref"), "a reference must be a string");
    }
    return Optional.of(ref.asText());
  }

  /** @return a word for the kind of a node, for messages */
  static String kind(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNull()) {
      return "null";
    }
    return node.isTextual() ? "a string ('" + node.asText() + "')" : "a " + node.getNodeType().name()
        .toLowerCase(java.util.Locale.ROOT) + " (" + node.asText() + ")";
  }
}
