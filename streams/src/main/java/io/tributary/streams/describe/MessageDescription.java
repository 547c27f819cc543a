package io.tributary.streams.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.streams.codec.PayloadDecoder;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message on a channel.
 *
 * @param name a short name, e.g. the payload record's simple name ({@code Order}) or {@code DeadLetter}
 * @param contentType its media type, e.g. {@code application/json}
 * @param headers the headers it carries, in a meaningful order
 * @param otherHeaders whether it may carry headers beyond {@code headers} (a dead letter keeps the
 *     original message's headers)
 * @param payload its payload
 * @param bindings protocol-specific properties of the message (Kafka: {@code key}, a JSON Schema of
 *     the record key), as plain maps and lists
 * @param summary one line on what it is, empty when there is nothing to add
 */
public record MessageDescription(String name, String contentType, List<HeaderDescription> headers,
    boolean otherHeaders, PayloadDescription payload, Map<String, Object> bindings, String summary) {

  /** JSON, the content type of payloads with a Java type. */
  public static final String JSON = "application/json";
  /** Text. */
  public static final String TEXT = "text/plain";
  /** Opaque bytes. */
  public static final String BYTES = "application/octet-stream";

  /** Checks and copies. */
  public MessageDescription {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentType, "contentType");
    headers = List.copyOf(headers);
    Objects.requireNonNull(payload, "payload");
    bindings = Map.copyOf(bindings);
    Objects.requireNonNull(summary, "summary");
  }

  /**
   * A message with this payload, named after its type, without headers.
   *
   * @param name the message name
   * @param contentType the media type
   * @param payload the payload
   * @return the description
   */
  public static MessageDescription of(String name, String contentType, PayloadDescription payload) {
    return new MessageDescription(name, contentType, List.of(), false, payload, Map.of(), "");
  }

  /**
   * The message a decoder reads: a payload of its {@link PayloadDecoder#targetType() target type},
   * named after it; text for {@code String}, bytes for {@code byte[]}, any JSON for a tree, and
   * anything at all when the decoder does not tell its type.
   *
   * @param decoder the decoder
   * @return the description
   */
  public static MessageDescription of(PayloadDecoder<?> decoder) {
    return decoder.targetType().map(MessageDescription::ofType)
        .orElseGet(() -> of("Payload", BYTES, PayloadDescription.any()));
  }

  /**
   * The message whose payload is {@code type} (as JSON unless it is text or bytes).
   *
   * @param type the payload type
   * @return the description
   */
  public static MessageDescription ofType(Type type) {
    if (type == String.class) {
      return of("Text", TEXT, PayloadDescription.schema(Map.of("type", "string")));
    }
    if (type == byte[].class) {
      return of("Bytes", BYTES, PayloadDescription.any());
    }
    if (type instanceof Class<?> c && JsonNode.class.isAssignableFrom(c)) {
      return of("Json", JSON, PayloadDescription.any());
    }
    return of(simpleName(type), JSON, PayloadDescription.of(type));
  }

  /** @return a copy with another name */
  public MessageDescription withName(String newName) {
    return new MessageDescription(newName, contentType, headers, otherHeaders, payload, bindings, summary);
  }

  /** @return a copy with these headers ({@code others}: whether more may come) */
  public MessageDescription withHeaders(List<HeaderDescription> newHeaders, boolean others) {
    return new MessageDescription(name, contentType, newHeaders, others, payload, bindings, summary);
  }

  /** @return a copy with these protocol-specific message properties */
  public MessageDescription withBindings(Map<String, Object> newBindings) {
    return new MessageDescription(name, contentType, headers, otherHeaders, payload, newBindings, summary);
  }

  /** @return a copy with this one-line summary */
  public MessageDescription withSummary(String newSummary) {
    return new MessageDescription(name, contentType, headers, otherHeaders, payload, bindings, newSummary);
  }

  private static String simpleName(Type type) {
    if (type instanceof Class<?> c) {
      return c.getSimpleName().isEmpty() ? "Payload" : c.getSimpleName();
    }
    if (type instanceof ParameterizedType p) {
      return simpleName(p.getRawType());
    }
    return "Payload";
  }
}
