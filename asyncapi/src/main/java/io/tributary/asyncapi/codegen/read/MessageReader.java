package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.MessageModel;

/** A message: reference followed, traits merged, payload and headers schemas read. */
final class MessageReader {

  private final DocumentTree tree;
  private final String defaultContentType;
  private final TraitMerger traits;
  private final SchemaReader schemas;
  private final BindingsReader bindings;

  /**
   * @param tree the document
   * @param defaultContentType the document's {@code defaultContentType} (or its default)
   */
  MessageReader(DocumentTree tree, String defaultContentType) {
    this.tree = tree;
    this.defaultContentType = defaultContentType;
    this.traits = new TraitMerger(tree);
    this.schemas = new SchemaReader(tree);
    this.bindings = new BindingsReader(tree);
  }

  /**
   * @param id its key in the channel's {@code messages}
   * @param node the message or a reference to one
   * @param pointer where {@code node} is
   * @return the message
   */
  MessageModel read(String id, JsonNode node, String pointer) {
    DocumentTree.Located located = tree.resolve(node, pointer);
    TraitMerger.Merged message = traits.merge(Nodes.object(located, "message"), located.pointer());
    JsonNode merged = message.node();
    return new MessageModel(id, located.pointer(),
        Nodes.text(merged, "name").orElse(id),
        Nodes.text(merged, "contentType").orElse(defaultContentType),
        schemas.read(merged.get("headers"), message.pointerOf("headers")),
        schemas.read(merged.get("payload"), message.pointerOf("payload")),
        bindings.read(merged.get("bindings"), message.pointerOf("bindings")),
        Nodes.text(merged, "title"), Nodes.text(merged, "summary"), Nodes.text(merged, "description"),
        Pointers.keyUnder(located.pointer(), "components", "messages"));
  }
}
