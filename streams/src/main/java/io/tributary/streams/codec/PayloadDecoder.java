package io.tributary.streams.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a message's bytes into the payload a pipeline works with. A decoder that throws marks the
 * message undecodable: sources send it to the dead-letter destination with the reason, never drop
 * it and never fail the stream.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface PayloadDecoder<T> {

  /**
   * Decodes one payload.
   *
   * @throws Exception when the bytes are not a valid payload (the message is dead-lettered)
   */
  T decode(byte[] bytes) throws Exception;

  /**
   * The type this decoder produces, when it knows it: {@link #json(Class)} knows its class, {@link
   * #string()} {@code String}, {@link #bytes()} {@code byte[]}, {@link #jsonTree()} {@code JsonNode}.
   * Documents of a service ({@code tributary-asyncapi}) derive the payload schema from it; a decoder
   * written as a lambda tells nothing unless wrapped with {@link #withTargetType}. Decoders that wrap
   * another one should return the wrapped decoder's type.
   *
   * @return the target type, or empty when unknown
   */
  default Optional<Type> targetType() {
    return Optional.empty();
  }

  /**
   * This decoder, telling {@code type} as its {@link #targetType()}.
   *
   * @param type the type the decoder produces
   * @return a decoder that decodes like this one
   */
  default PayloadDecoder<T> withTargetType(Type type) {
    return new TypedDecoder<>(this, type);
  }

  /** The bytes as they are. */
  static PayloadDecoder<byte[]> bytes() {
    return new TypedDecoder<>(bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      return bytes;
    }, byte[].class);
  }

  /** Strict UTF-8 text: malformed input is an error, not replacement characters. */
  static PayloadDecoder<String> string() {
    return new TypedDecoder<>(bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("payload is not valid UTF-8: " + e.getMessage(), e);
      }
    }, String.class);
  }

  /** JSON to a type (a record, for instance) with Jackson; unknown fields are an error. */
  static <T> PayloadDecoder<T> json(Class<T> type) {
    return json(type, Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
  }

  /** JSON to a type with the given mapper (its settings decide what is an error). */
  static <T> PayloadDecoder<T> json(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    return new TypedDecoder<>(bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw new IllegalArgumentException("payload is JSON null, expected " + type.getSimpleName());
      }
      return value;
    }, type);
  }

  /** JSON to a tree, for payloads without a fixed schema. */
  static PayloadDecoder<JsonNode> jsonTree() {
    return new TypedDecoder<>(bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      return Json.MAPPER.readTree(bytes);
    }, JsonNode.class);
  }
}
