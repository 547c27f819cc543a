package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.SchemaModel;
import java.util.Optional;

/**
 * A message's payload or headers schema: a top-level reference followed, a multi-format wrapper
 * ({@code schemaFormat}, {@code schema}) checked and removed, the component name kept for type names.
 */
final class SchemaReader {

  private final DocumentTree tree;

  /** @param tree the document, to follow references */
  SchemaReader(DocumentTree tree) {
    this.tree = tree;
  }

  /**
   * @param node the schema, a reference to one or a multi-format schema object; null when absent
   * @param pointer where it is
   * @return the schema; empty when {@code node} is null
   */
  Optional<SchemaModel> read(JsonNode node, String pointer) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    DocumentTree.Located located = tree.resolve(node, pointer);
    JsonNode schema = located.node();
    if (schema.isObject() && schema.has("schemaFormat")) {
      String formatPointer = Pointers.child(located.pointer(), "schemaFormat");
      JsonNode format = schema.get("schemaFormat");
      if (!format.isTextual()) {
        throw new GenerationException(formatPointer, "'schemaFormat' must be a string, was " + Nodes.kind(format));
      }
      SchemaFormat.check(format.asText(), formatPointer);
      JsonNode inner = schema.get("schema");
      if (inner == null || inner.isNull()) {
        throw new GenerationException(Pointers.child(located.pointer(), "schema"),
            "a multi-format schema object needs 'schema' next to 'schemaFormat'");
      }
      DocumentTree.Located innerLocated = tree.resolve(inner, Pointers.child(located.pointer(), "schema"));
      Optional<String> name = componentName(innerLocated.pointer()).or(() -> componentName(located.pointer()));
      return Optional.of(new SchemaModel(innerLocated.pointer(), innerLocated.node(), name));
    }
    return Optional.of(new SchemaModel(located.pointer(), schema, componentName(located.pointer())));
  }

  private static Optional<String> componentName(String pointer) {
    return Pointers.keyUnder(pointer, "components", "schemas");
  }
}
