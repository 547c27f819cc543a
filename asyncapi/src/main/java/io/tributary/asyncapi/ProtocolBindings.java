package io.tributary.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.streams.describe.ServerDescription;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the neutral binding maps of a description as AsyncAPI bindings of the protocol: the fields
 * that the protocol's binding defines as they are, the others as {@code x-} extensions (NATS has no
 * channel binding fields, for instance: the stream is written as {@code x-stream}), plus the
 * binding version. Protocols without AsyncAPI bindings (an in-process hub) get none.
 */
final class ProtocolBindings {

  /** A level of bindings. */
  enum Level { CHANNEL, OPERATION, MESSAGE }

  private static final Map<String, String> VERSIONS = Map.of(
      ServerDescription.KAFKA, "0.5.0", ServerDescription.AMQP, "0.3.0", ServerDescription.NATS, "0.1.0");

  private static final Map<String, Map<Level, Set<String>>> KNOWN = Map.of(
      ServerDescription.KAFKA, Map.of(
          Level.CHANNEL, Set.of("topic", "partitions", "replicas", "topicConfiguration"),
          Level.OPERATION, Set.of("groupId", "clientId"),
          Level.MESSAGE, Set.of("key", "schemaIdLocation", "schemaIdPayloadEncoding", "schemaLookupStrategy")),
      ServerDescription.AMQP, Map.of(
          Level.CHANNEL, Set.of("is", "exchange", "queue"),
          Level.OPERATION, Set.of("expiration", "userId", "cc", "priority", "deliveryMode", "mandatory", "bcc",
              "timestamp", "ack"),
          Level.MESSAGE, Set.of("contentEncoding", "messageType")),
      ServerDescription.NATS, Map.of(
          Level.CHANNEL, Set.of(),
          Level.OPERATION, Set.of("queue"),
          Level.MESSAGE, Set.of()));

  private ProtocolBindings() {}

  /**
   * @return the bindings object ({@code {kafka: {...}}}), or null when there is nothing to write
   */
  static ObjectNode of(ObjectMapper mapper, String protocol, Level level, Map<String, Object> bindings) {
    Map<Level, Set<String>> known = KNOWN.get(protocol);
    if (bindings.isEmpty() || known == null) {
      return null;
    }
    ObjectNode binding = mapper.createObjectNode();
    for (Map.Entry<String, Object> e : new TreeMap<>(bindings).entrySet()) {
      JsonNode value = Documents.sorted(mapper.valueToTree(e.getValue()));
      String key = known.get(level).contains(e.getKey()) ? e.getKey() : "x-" + e.getKey();
      binding.set(key, value);
    }
    binding.put("bindingVersion", VERSIONS.get(protocol));
    ObjectNode result = mapper.createObjectNode();
    result.set(protocol, binding);
    return result;
  }
}
