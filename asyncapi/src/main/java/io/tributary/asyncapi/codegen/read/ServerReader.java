package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.ServerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code servers}: protocol in lower case, {@code kafka-secure} and {@code amqps} read as {@code kafka}
 * and {@code amqp} with TLS; other protocols kept as written (the code generator decides what it supports).
 */
final class ServerReader {

  // protocols that name TLS without a plain twin the generator maps them to
  private static final Set<String> SECURE = Set.of("tls", "https", "wss", "stomps", "secure-mqtt", "mqtts");

  private final DocumentTree tree;

  /** @param tree the document */
  ServerReader(DocumentTree tree) {
    this.tree = tree;
  }

  /**
   * @param servers the {@code servers} object, null when absent
   * @return the servers, in document order
   */
  List<ServerModel> readAll(JsonNode servers) {
    List<ServerModel> read = new ArrayList<>();
    for (Map.Entry<String, JsonNode> server : Nodes.fields(servers, "#/servers", "servers")) {
      read.add(read(server.getKey(), server.getValue(), Pointers.child("#/servers", server.getKey())));
    }
    return read;
  }

  private ServerModel read(String id, JsonNode node, String pointer) {
    DocumentTree.Located located = tree.resolve(node, pointer);
    JsonNode server = Nodes.object(located, "server");
    String at = located.pointer();
    String protocol = Nodes.requiredText(server, "protocol", at).strip().toLowerCase(Locale.ROOT);
    boolean secure = SECURE.contains(protocol);
    if (protocol.equals("kafka-secure")) {
      protocol = "kafka";
      secure = true;
    } else if (protocol.equals("amqps")) {
      protocol = "amqp";
      secure = true;
    }
    return new ServerModel(id, at, protocol, secure, Nodes.requiredText(server, "host", at),
        Nodes.text(server, "pathname"), Nodes.text(server, "description"));
  }
}
