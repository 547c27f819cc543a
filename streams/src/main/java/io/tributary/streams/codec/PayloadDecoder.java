package io.tributary.streams.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

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

  /** The bytes as they are. */
  static PayloadDecoder<byte[]> bytes() {
    return bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      return bytes;
    };
  }

  /** Strict UTF-8 text: malformed input is an error, not replacement characters. */
  static PayloadDecoder<String> string() {
    return bytes -> {
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
    };
  }

  /** JSON to a type (a record, for instance) with Jackson; unknown fields are an error. */
  static <T> PayloadDecoder<T> json(Class<T> type) {
    return json(type, Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
  }

  /** JSON to a type with the given mapper (its settings decide what is an error). */
  static <T> PayloadDecoder<T> json(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    return bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw new IllegalArgumentException("payload is JSON null, expected " + type.getSimpleName());
      }
      return value;
    };
  }

  /** JSON to a tree, for payloads without a fixed schema. */
  static PayloadDecoder<JsonNode> jsonTree() {
    return bytes -> {
      if (bytes == null) {
        throw new IllegalArgumentException("payload is null (a tombstone)");
      }
      return Json.MAPPER.readTree(bytes);
    };
  }
}
