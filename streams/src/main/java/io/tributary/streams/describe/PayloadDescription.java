package io.tributary.streams.describe;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message's payload: either a Java type (a record, usually: the document generator derives its
 * JSON Schema) or a JSON Schema given as plain maps and lists.
 */
public sealed interface PayloadDescription {

  /**
   * A payload that is a Java type, written as JSON by Jackson.
   *
   * @param type the type, e.g. {@code Order.class}
   */
  record OfType(Type type) implements PayloadDescription {
    /** Checks the type. */
    public OfType {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * A payload given by its JSON Schema (draft-07).
   *
   * @param schema the schema as maps, lists, strings, numbers and booleans
   */
  record OfSchema(Map<String, Object> schema) implements PayloadDescription {
    /** Copies the schema. */
    public OfSchema {
      schema = Map.copyOf(Objects.requireNonNull(schema, "schema"));
    }
  }

  /** @return the payload of type {@code type} */
  static PayloadDescription of(Type type) {
    return new OfType(type);
  }

  /** @return the payload with this JSON Schema */
  static PayloadDescription schema(Map<String, Object> schema) {
    return new OfSchema(schema);
  }

  /** @return any JSON object (a pipeline event, whose fields the config decides) */
  static PayloadDescription anyObject() {
    return new OfSchema(Map.of("type", "object"));
  }

  /** @return any payload at all: the component does not know its format */
  static PayloadDescription any() {
    return new OfSchema(Map.of());
  }

  /** @return the original bytes of another message, unchanged (a dead letter's payload) */
  static PayloadDescription originalBytes() {
    return new OfSchema(Map.of("description",
        "The original message's bytes, unchanged; they need not match the source's payload schema."));
  }

  /** @return the Java type, when the payload is one */
  default Optional<Type> javaType() {
    return this instanceof OfType t ? Optional.of(t.type()) : Optional.empty();
  }
}
