package io.tributary.asyncapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Finds a message's payload schema in an AsyncAPI document (package-private: {@link PayloadSchema#fromAsyncApi}). */
final class AsyncApiPayloads {

  private AsyncApiPayloads() {}

  static PayloadSchema payloadSchema(JsonNode document, String messageName) {
    if (!document.isObject() || !document.has("asyncapi")) {
      throw new IllegalArgumentException("not an AsyncAPI document: no top-level 'asyncapi' field");
    }
    String pointer = "/components/messages/" + escape(messageName);
    JsonNode message = document.at(pointer);
    if (message.isMissingNode()) {
      pointer = channelMessage(document, messageName);
      message = pointer == null ? message : document.at(pointer);
    }
    if (message.isMissingNode()) {
      throw new IllegalArgumentException("the AsyncAPI document has no message '" + messageName + "'; its messages: "
          + messageNames(document));
    }
    for (int hops = 0; message.has("$ref"); hops++) {
      String ref = message.get("$ref").asText();
      if (!ref.startsWith("#/") || hops > 16) {
        throw new IllegalArgumentException(pointer + "/$ref: only local references (#/...) are supported, not '"
            + ref + "'");
      }
      pointer = ref.substring(1);
      message = document.at(unescapeUri(pointer));
      if (message.isMissingNode()) {
        throw new IllegalArgumentException(pointer + ": the reference target does not exist");
      }
    }
    JsonNode payload = message.get("payload");
    if (payload == null) {
      throw new IllegalArgumentException(pointer + ": the message has no payload");
    }
    String payloadPointer = pointer + "/payload";
    if (payload.has("schemaFormat") && payload.has("schema")) {
      String format = payload.get("schemaFormat").asText().toLowerCase(Locale.ROOT);
      if (!format.startsWith("application/vnd.aai.asyncapi") && !format.startsWith("application/schema+json")
          && !format.startsWith("application/schema+yaml")) {
        throw new IllegalArgumentException(payloadPointer + "/schemaFormat: '" + format + "' is not supported "
            + "(AsyncAPI and JSON Schema formats are)");
      }
      payload = payload.get("schema");
      payloadPointer += "/schema";
    }
    // The payload as a subschema of a root that holds the document's components and channels, so
    // that its local references (#/components/schemas/...) resolve as they do in the document.
    ObjectNode root = PayloadSchema.object();
    root.putArray("allOf").add(payload);
    for (String part : List.of("components", "channels")) {
      if (document.has(part)) {
        root.set(part, document.get(part));
      }
    }
    try {
      return PayloadSchema.of(root, messageName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(payloadPointer + ": " + e.getMessage(), e);
    }
  }

  /** @return the pointer of a message of that id under some channel's messages, or null */
  private static String channelMessage(JsonNode document, String messageName) {
    for (Map.Entry<String, JsonNode> channel : document.path("channels").properties()) {
      if (channel.getValue().path("messages").has(messageName)) {
        return "/channels/" + escape(channel.getKey()) + "/messages/" + escape(messageName);
      }
    }
    return null;
  }

  private static String messageNames(JsonNode document) {
    TreeSet<String> names = new TreeSet<>();
    document.path("components").path("messages").fieldNames().forEachRemaining(names::add);
    document.path("channels").forEach(channel -> channel.path("messages").fieldNames().forEachRemaining(names::add));
    return names.isEmpty() ? "none" : String.join(", ", new ArrayList<>(names));
  }

  /** RFC 6901 escaping of one reference token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** A {@code $ref} fragment may be percent-encoded (RFC 3986); the pointer is not. */
  private static String unescapeUri(String pointer) {
    return pointer.indexOf('%') < 0 ? pointer
        : java.net.URLDecoder.decode(pointer.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
