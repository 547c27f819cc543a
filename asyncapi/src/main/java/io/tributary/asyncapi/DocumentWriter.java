package io.tributary.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import io.tributary.asyncapi.ProtocolBindings.Level;
import io.tributary.asyncapi.schema.JsonSchemas;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.HeaderDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.PayloadDescription;
import io.tributary.streams.describe.ServerDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns channel descriptions into an AsyncAPI 3.0.0 tree, in the spec's order. Descriptions of the
 * same server and address share one channel (a topic one component sends to and another receives
 * from); equal messages share one component message; every id is derived from names and made unique
 * in a sorted order, so the same components always give the same document.
 */
final class DocumentWriter {

  private static final Comparator<ChannelDescription> BY_CONTENT = Comparator
      .comparing((ChannelDescription c) -> c.action().ordinal())
      .thenComparing(ChannelDescription::summary)
      .thenComparing(c -> c.message().name());

  private final ObjectMapper mapper;
  private final SchemaBuilder schemas = JsonSchemas.sharedDefinitions();

  DocumentWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** One channel: where, and every description that uses it. */
  private record ChannelKey(String serverId, String address, String discriminator) {}

  ObjectNode write(String title, String version, String description, List<ChannelDescription> descriptions) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("asyncapi", AsyncApi.VERSION);
    ObjectNode info = doc.putObject("info");
    info.put("title", title);
    info.put("version", version);
    if (description != null && !description.isBlank()) {
      info.put("description", description);
    }

    Map<ServerDescription, String> serverIds = serverIds(descriptions);
    ObjectNode servers = doc.putObject("servers");
    new TreeMap<>(invert(serverIds)).forEach((id, server) -> {
      ObjectNode s = servers.putObject(id);
      s.put("host", server.host());
      s.put("protocol", server.protocol());
    });

    TreeMap<ChannelKey, List<ChannelDescription>> groups = new TreeMap<>(Comparator
        .comparing(ChannelKey::serverId)
        .thenComparing(k -> Objects.requireNonNullElse(k.address(), ""))
        .thenComparing(ChannelKey::discriminator));
    for (ChannelDescription d : descriptions) {
      ChannelKey key = new ChannelKey(serverIds.get(d.server()), d.address(),
          d.address() == null ? d.summary() + d.channelBindings() : "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
    }

    Set<String> channelIds = new HashSet<>();
    Map<MessageDescription, String> componentMessages = new LinkedHashMap<>();
    Set<String> componentMessageIds = new HashSet<>();
    ObjectNode channels = doc.putObject("channels");
    Map<String, ObjectNode> operations = new TreeMap<>();
    Set<String> operationIds = new HashSet<>();

    for (Map.Entry<ChannelKey, List<ChannelDescription>> group : groups.entrySet()) {
      ChannelKey key = group.getKey();
      List<ChannelDescription> uses = new ArrayList<>(group.getValue());
      uses.sort(BY_CONTENT);
      ChannelDescription first = uses.get(0);
      String base = Documents.id(key.address() != null ? key.address()
          : String.valueOf(first.channelBindings().getOrDefault("stream", "channel")));
      String channelId = unique(channelIds, channelIds.contains(base) ? key.serverId() + "_" + base : base);

      ObjectNode channel = channels.putObject(channelId);
      if (key.address() != null) {
        channel.put("address", key.address());
      } else {
        channel.putNull("address");
      }
      // messages of this channel, by their key in the channel
      Map<MessageDescription, String> channelMessages = new LinkedHashMap<>();
      Set<String> channelMessageIds = new HashSet<>();
      for (ChannelDescription d : uses) {
        if (!channelMessages.containsKey(d.message())) {
          channelMessages.put(d.message(), unique(channelMessageIds, Documents.id(d.message().name())));
        }
      }
      ObjectNode messages = channel.putObject("messages");
      channelMessages.forEach((m, id) -> {
        String componentId = componentMessages.get(m);
        if (componentId == null) {
          componentId = unique(componentMessageIds, Documents.id(m.name()));
          componentMessages.put(m, componentId);
        }
        messages.putObject(id).put("$ref", "#/components/messages/" + componentId);
      });
      channel.putArray("servers").addObject().put("$ref", "#/servers/" + key.serverId());
      Map<String, Object> channelBindings = new TreeMap<>();
      for (ChannelDescription d : uses) {
        d.channelBindings().forEach(channelBindings::putIfAbsent);
      }
      ObjectNode bindings = ProtocolBindings.of(mapper, first.server().protocol(), Level.CHANNEL, channelBindings);
      if (bindings != null) {
        channel.set("bindings", bindings);
      }

      // operations: one per action and operation bindings
      Map<String, List<ChannelDescription>> byOperation = new LinkedHashMap<>();
      for (ChannelDescription d : uses) {
        byOperation.computeIfAbsent(d.action().value() + new TreeMap<>(d.operationBindings()), k -> new ArrayList<>())
            .add(d);
      }
      for (List<ChannelDescription> op : byOperation.values()) {
        ChannelDescription d = op.get(0);
        String operationId = unique(operationIds, d.action().value() + "_" + channelId);
        ObjectNode operation = mapper.createObjectNode();
        operation.put("action", d.action().value());
        operation.putObject("channel").put("$ref", "#/channels/" + channelId);
        Set<String> summaries = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        for (ChannelDescription u : op) {
          if (!u.summary().isEmpty()) {
            summaries.add(u.summary());
          }
          refs.add("#/channels/" + channelId + "/messages/" + channelMessages.get(u.message()));
        }
        if (!summaries.isEmpty()) {
          operation.put("summary", String.join("; ", summaries));
        }
        ArrayNode messageRefs = operation.putArray("messages");
        refs.forEach(r -> messageRefs.addObject().put("$ref", r));
        ObjectNode opBindings = ProtocolBindings.of(mapper, d.server().protocol(), Level.OPERATION,
            d.operationBindings());
        if (opBindings != null) {
          operation.set("bindings", opBindings);
        }
        operations.put(operationId, operation);
      }
    }
    ObjectNode operationsNode = doc.putObject("operations");
    operations.forEach(operationsNode::set);

    // component messages, then the schemas they reference (collected once every reference exists)
    Map<String, ObjectNode> messageNodes = new TreeMap<>();
    Map<String, String> protocols = new LinkedHashMap<>();
    for (ChannelDescription d : descriptions) {
      protocols.putIfAbsent(componentMessages.get(d.message()), d.server().protocol());
    }
    componentMessages.forEach((m, id) -> messageNodes.put(id, message(m, protocols.get(id))));
    ObjectNode components = doc.putObject("components");
    ObjectNode definitions = schemas.collectDefinitions("components/schemas");
    ObjectNode schemaNodes = components.putObject("schemas");
    new TreeMap<String, JsonNode>(toMap(definitions)).forEach(schemaNodes::set);
    ObjectNode messagesNode = components.putObject("messages");
    messageNodes.forEach(messagesNode::set);
    if (schemaNodes.isEmpty()) {
      components.remove("schemas");
    }
    return doc;
  }

  private ObjectNode message(MessageDescription m, String protocol) {
    ObjectNode node = mapper.createObjectNode();
    node.put("name", m.name());
    if (!m.summary().isEmpty()) {
      node.put("summary", m.summary());
    }
    node.put("contentType", m.contentType());
    if (!m.headers().isEmpty()) {
      ObjectNode headers = node.putObject("headers");
      headers.put("type", "object");
      ObjectNode properties = headers.putObject("properties");
      List<HeaderDescription> sorted = new ArrayList<>(m.headers());
      sorted.sort(Comparator.comparing(HeaderDescription::name));
      for (HeaderDescription h : sorted) {
        ObjectNode p = properties.putObject(h.name());
        p.put("type", "string");
        p.put("description", h.description());
      }
      if (!m.otherHeaders()) {
        headers.put("additionalProperties", false);
      }
    }
    node.set("payload", payload(m.payload()));
    ObjectNode bindings = ProtocolBindings.of(mapper, protocol, Level.MESSAGE, m.bindings());
    if (bindings != null) {
      node.set("bindings", bindings);
    }
    return node;
  }

  private JsonNode payload(PayloadDescription payload) {
    if (payload instanceof PayloadDescription.OfType t) {
      return schemas.createSchemaReference(t.type());
    }
    return Documents.sorted(mapper.valueToTree(((PayloadDescription.OfSchema) payload).schema()));
  }

  private static Map<ServerDescription, String> serverIds(List<ChannelDescription> descriptions) {
    Map<String, Set<String>> hostsByProtocol = new TreeMap<>();
    for (ChannelDescription d : descriptions) {
      hostsByProtocol.computeIfAbsent(d.server().protocol(), p -> new java.util.TreeSet<>()).add(d.server().host());
    }
    Map<ServerDescription, String> ids = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    hostsByProtocol.forEach((protocol, hosts) -> {
      for (String host : hosts) {
        String base = hosts.size() == 1 ? protocol : protocol + "-" + host;
        ids.put(new ServerDescription(protocol, host), unique(used, Documents.id(base)));
      }
    });
    return ids;
  }

  private static Map<String, ServerDescription> invert(Map<ServerDescription, String> ids) {
    Map<String, ServerDescription> result = new TreeMap<>();
    ids.forEach((server, id) -> result.put(id, server));
    return result;
  }

  private static Map<String, JsonNode> toMap(ObjectNode node) {
    Map<String, JsonNode> map = new TreeMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** @return {@code base}, or {@code base_2}, {@code base_3}... the first not in {@code used}; marks it used */
  private static String unique(Set<String> used, String base) {
    String id = base;
    for (int n = 2; !used.add(id); n++) {
      id = base + "_" + n;
    }
    return id;
  }
}
