package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code bindings} of a channel, operation or message: by protocol, each reference followed, {@code x-}
 * extensions left out.
 */
final class BindingsReader {

  private final DocumentTree tree;

  /** @param tree the document, to follow references */
  BindingsReader(DocumentTree tree) {
    this.tree = tree;
  }

  /**
   * @param bindings the bindings object (or a reference to one), null when absent
   * @param pointer where it is
   * @return the binding of each protocol; empty when absent
   */
  Map<String, JsonNode> read(JsonNode bindings, String pointer) {
    Map<String, JsonNode> byProtocol = new LinkedHashMap<>();
    if (bindings == null || bindings.isNull()) {
      return byProtocol;
    }
    DocumentTree.Located located = tree.resolve(bindings, pointer);
    Nodes.object(located, "bindings object");
    for (Map.Entry<String, JsonNode> binding : Nodes.fields(located.node(), located.pointer(), "bindings")) {
      String protocol = binding.getKey();
      if (protocol.startsWith("x-")) {
        continue; // a specification extension, no protocol
      }
      byProtocol.put(protocol,
          tree.resolve(binding.getValue(), Pointers.child(located.pointer(), protocol)).node());
    }
    return byProtocol;
  }
}
