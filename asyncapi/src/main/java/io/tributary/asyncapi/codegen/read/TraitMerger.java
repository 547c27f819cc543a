package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges the {@code traits} of a message or an operation into it, as AsyncAPI 3.0 says: each trait in
 * order with JSON Merge Patch (RFC 7396), then the object's own fields, so that they win over the traits'.
 */
final class TraitMerger {

  private final DocumentTree tree;

  /** @param tree the document, to follow references */
  TraitMerger(DocumentTree tree) {
    this.tree = tree;
  }

  /**
   * An object with its traits merged in.
   *
   * @param node the merged object (the document's own node when there were no traits; do not modify it)
   * @param pointer where the object is
   * @param origins where each top-level field came from (the pointer of the object or trait that set it last)
   */
  record Merged(JsonNode node, String pointer, Map<String, String> origins) {

    /** @return where the field {@code key} came from, for errors and schema pointers */
    String pointerOf(String key) {
      return origins.getOrDefault(key, Pointers.child(pointer, key));
    }
  }

  /**
   * @param object a message or an operation (no reference)
   * @param pointer where it is
   * @return it with its traits merged in
   */
  Merged merge(JsonNode object, String pointer) {
    JsonNode traits = object.get("traits");
    if (traits == null || traits.isNull() || traits.isArray() && traits.isEmpty()) {
      return new Merged(object, pointer, Map.of());
    }
    String traitsPointer = Pointers.child(pointer, "traits");
    if (!traits.isArray()) {
      throw new GenerationException(traitsPointer, "'traits' must be a list, was " + Nodes.kind(traits));
    }
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    Map<String, String> origins = new HashMap<>();
    for (int i = 0; i < traits.size(); i++) {
      DocumentTree.Located trait = tree.resolve(traits.get(i), Pointers.child(traitsPointer, i));
      patch(merged, Nodes.object(trait, "trait"), trait.pointer(), origins);
    }
    ObjectNode own = object.deepCopy();
    own.remove("traits");
    patch(merged, own, pointer, origins);
    return new Merged(merged, pointer, origins);
  }

  private void patch(ObjectNode target, JsonNode patch, String patchPointer, Map<String, String> origins) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        origins.remove(field.getKey());
      } else {
        origins.put(field.getKey(), Pointers.child(patchPointer, field.getKey()));
      }
    }
    mergePatch(target, patch, patchPointer);
  }

  /** RFC 7396 on {@code target} (modified); references met on both sides of a field are followed first. */
  private JsonNode mergePatch(JsonNode target, JsonNode patch, String patchPointer) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
        : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        result.remove(key);
        continue;
      }
      String at = Pointers.child(patchPointer, key);
      JsonNode existing = result.get(key);
      if (existing != null && existing.isObject() && value.isObject()
          && (existing.has("$ref") || value.has("$ref"))) {
        // the AsyncAPI parser merges dereferenced documents: {$ref} merged with fields would lose the fields
        existing = tree.resolve(existing, at).node().deepCopy();
        value = tree.resolve(value, at).node();
      }
      result.set(key, mergePatch(existing, value, at));
    }
    return result;
  }
}
