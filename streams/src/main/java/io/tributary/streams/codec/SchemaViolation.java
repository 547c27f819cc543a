package io.tributary.streams.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One way a payload does not match its schema: where in the payload, and what is wrong there.
 *
 * @param pointer the instance location as a JSON pointer (RFC 6901): {@code ""} for the whole payload,
 *     {@code /items/0/qty} for a nested value
 * @param message what is wrong, e.g. {@code required property 'id' not found}
 */
public record SchemaViolation(String pointer, String message) implements Serializable {

  /** Validates. */
  public SchemaViolation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  /**
   * @param violations the violations, in order
   * @return them as a JSON array of {@code {"pointer": ..., "message": ...}} objects, the text of the
   *     dead-letter header {@link io.tributary.streams.deadletter.DeadLetterHeaders#VALIDATION_ERRORS}
   */
  public static String toJson(List<SchemaViolation> violations) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (SchemaViolation v : violations) {
      ObjectNode entry = array.addObject();
      entry.put("pointer", v.pointer());
      entry.put("message", v.message());
    }
    try {
      return Json.MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write violations as JSON", e); // a tree of strings always writes
    }
  }

  /**
   * Reads the text {@link #toJson} wrote, e.g. a dead letter's header when inspecting or replaying it.
   *
   * @param json a JSON array of {@code {"pointer", "message"}} objects
   * @return the violations, in order
   * @throws IllegalArgumentException when the text is not such an array
   */
  public static List<SchemaViolation> fromJson(String json) {
    JsonNode array;
    try {
      array = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON array of violations: " + e.getOriginalMessage(), e);
    }
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("not a JSON array of violations: " + json);
    }
    List<SchemaViolation> violations = new ArrayList<>(array.size());
    for (JsonNode entry : array) {
      JsonNode pointer = entry.get("pointer");
      JsonNode message = entry.get("message");
      if (pointer == null || !pointer.isTextual() || message == null || !message.isTextual()) {
        throw new IllegalArgumentException("a violation needs text fields pointer and message: " + entry);
      }
      violations.add(new SchemaViolation(pointer.textValue(), message.textValue()));
    }
    return violations;
  }

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message;
  }
}
