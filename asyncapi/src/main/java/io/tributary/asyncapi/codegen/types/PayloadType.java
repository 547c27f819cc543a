package io.tributary.asyncapi.codegen.types;

import java.util.Objects;
import java.util.Optional;

/**
 * The Java type of a message payload, as the generated code uses it.
 *
 * @param javaType the type as a source expression: {@code LightMeasuredPayload}, {@code String},
 *     {@code byte[]}, {@code com.fasterxml.jackson.databind.JsonNode}, {@code java.util.List<Foo>}
 * @param className the class usable as a literal ({@code X.class}), empty for generic types
 * @param encoding how the payload is written on the wire
 * @param validationSchemaJson a self-contained JSON Schema (draft-07) of the payload, for {@code
 *     PayloadSchema.parse(text, name)}; {@code {}} when anything goes
 */
public record PayloadType(String javaType, Optional<String> className, Encoding encoding,
    String validationSchemaJson) {

  /** Checks that everything is given. */
  public PayloadType {
    Objects.requireNonNull(javaType, "javaType");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(validationSchemaJson, "validationSchemaJson");
  }

  /** How a payload is written on the wire. */
  public enum Encoding {
    /** JSON, read and written by Jackson, validated against the schema. */
    JSON,
    /** UTF-8 text. */
    TEXT,
    /** Opaque bytes. */
    BYTES
  }
}
