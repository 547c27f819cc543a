package io.tributary.asyncapi.runtime;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns a payload into the bytes a publisher sends: JSON, UTF-8 text, or bytes as they are. The
 * counterpart of {@link io.tributary.streams.codec.PayloadDecoder}. Implementations are thread-safe.
 *
 * @param <T> the payload type
 */
public interface PayloadEncoder<T> {

  /**
   * @param payload the payload, not null
   * @return its bytes
   * @throws IllegalArgumentException when it cannot be encoded
   */
  byte[] encode(T payload);

  /** @return the media type of the bytes, e.g. {@code application/json} */
  String contentType();

  /** @return the payload type, for describing the channel ({@code AsyncApi.document}) */
  Type type();

  /**
   * JSON by Jackson with the settings of the validating decoder's mapper (Java 8 and java.time
   * types); dates as ISO-8601 text; empty {@code Optional}s and nulls left out, so that an optional
   * property is absent rather than {@code null}.
   *
   * @param type the payload type
   * @param <T> the payload type
   * @return the encoder
   */
  static <T> PayloadEncoder<T> json(Type type) {
    return new JsonEncoder<>(Objects.requireNonNull(type, "type"));
  }

  /** @return an encoder of text as UTF-8 ({@code text/plain}) */
  static PayloadEncoder<String> text() {
    return new PayloadEncoder<>() {
      @Override
      public byte[] encode(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String contentType() {
        return "text/plain";
      }

      @Override
      public Type type() {
        return String.class;
      }
    };
  }

  /** @return an encoder that sends bytes as they are ({@code application/octet-stream}) */
  static PayloadEncoder<byte[]> bytes() {
    return new PayloadEncoder<>() {
      @Override
      public byte[] encode(byte[] payload) {
        return payload;
      }

      @Override
      public String contentType() {
        return "application/octet-stream";
      }

      @Override
      public Type type() {
        return byte[].class;
      }
    };
  }
}
