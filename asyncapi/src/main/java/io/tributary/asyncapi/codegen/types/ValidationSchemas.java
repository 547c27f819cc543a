package io.tributary.asyncapi.codegen.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.SchemaModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A payload's schema made self-contained: {@code {"allOf": [<payload>], ...}} beside copies of what its
 * local references reach, each at the path it has in the document ({@code components.schemas.X}...), so
 * that every {@code $ref} resolves as in the document. Nothing else of the document is copied.
 */
final class ValidationSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ValidationSchemas() {}

  /**
   * @param tree the document
   * @param payload a message's payload schema
   * @return the self-contained draft-07 schema, as compact JSON
   */
  static String of(DocumentTree tree, SchemaModel payload) {
    ObjectNode root = JSON.createObjectNode();
    JsonNode first = payload.componentName().isPresent()
        ? JSON.createObjectNode().put("$ref", payload.pointer())
        : payload.schema().deepCopy();
    root.putArray("allOf").add(first);
    List<String> reached = new ArrayList<>(references(tree, first));
    reached.sort(Comparator.comparingInt((String p) -> Pointers.tokens(p).size()).thenComparing(p -> p));
    List<List<String>> copied = new ArrayList<>();
    for (String pointer : reached) {
      List<String> tokens = Pointers.tokens(pointer);
      if (tokens.isEmpty()
          || copied.stream().anyMatch(c -> c.size() <= tokens.size() && tokens.subList(0, c.size()).equals(c))) {
        continue; // the whole document, or inside a copy already made
      }
      ObjectNode parent = root;
      for (String token : tokens.subList(0, tokens.size() - 1)) {
        parent = parent.get(token) instanceof ObjectNode child ? child : parent.putObject(token);
      }
      parent.set(tokens.get(tokens.size() - 1), tree.at(pointer).deepCopy());
      copied.add(tokens);
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
    }
  }

  /** @return the local references {@code node} reaches, transitively, in the order found */
  private static Set<String> references(DocumentTree tree, JsonNode node) {
    Set<String> found = new LinkedHashSet<>();
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(node));
    while (!todo.isEmpty()) {
      JsonNode current = todo.pop();
      JsonNode ref = current.get("$ref");
      if (current.isObject() && ref != null && ref.isTextual() && ref.asText().startsWith("#")
          && found.add(ref.asText())) {
        JsonNode target = tree.at(ref.asText());
        if (!target.isMissingNode()) {
          todo.push(target);
        }
      }
      current.forEach(todo::push);
    }
    return found;
  }
}
