package io.tributary.asyncapi.codegen.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The document as a Jackson tree, with local {@code $ref} resolution. Only references inside the
 * document ({@code #/...}) are supported; others fail with the pointer of the {@code $ref}.
 */
public final class DocumentTree {

  private final JsonNode root;

  /** @param root the parsed document */
  public DocumentTree(JsonNode root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** @return the parsed document (do not modify it) */
  public JsonNode root() {
    return root;
  }

  /**
   * The node at a pointer.
   *
   * @param pointer a URI fragment ({@code #/components/schemas/A}) or a JSON pointer ({@code /components/...})
   * @return the node, or a missing node
   */
  public JsonNode at(String pointer) {
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    return root.at(URLDecoder.decode(p, StandardCharsets.UTF_8).replace("%2F", "/"));
  }

  /**
   * Follows {@code node}'s {@code $ref} chain, if it is a reference.
   *
   * @param node a node of the document
   * @param pointer where {@code node} is (a URI fragment), for error messages and the result
   * @return the node the chain ends at and its pointer; {@code node} itself when it is no reference
   * @throws GenerationException on an external or dangling reference, or a cycle of references
   */
  public Located resolve(JsonNode node, String pointer) {
    Set<String> seen = new HashSet<>();
    JsonNode current = node;
    String at = pointer;
    while (current != null && current.isObject() && current.has("$ref")) {
      JsonNode ref = current.get("$ref");
      if (!ref.isTextual()) {
        throw new GenerationException(at + "/$ref", "a reference must be a string");
      }
      String target = ref.asText();
      if (!target.startsWith("#")) {
        throw new GenerationException(at + "/$ref", "external references are not supported ('" + target
            + "'); only references inside the document (#/...) are");
      }
      if (!seen.add(target)) {
        throw new GenerationException(at + "/$ref", "the references form a cycle through '" + target + "'");
      }
      JsonNode next = at(target);
      if (next.isMissingNode()) {
        throw new GenerationException(at + "/$ref", "the reference target '" + target + "' does not exist");
      }
      current = next;
      at = target;
    }
    return new Located(at, current);
  }

  /** @return {@code key} escaped for a JSON pointer ({@code ~0}, {@code ~1}) */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * A node and where it is.
   *
   * @param pointer its pointer, a URI fragment
   * @param node the node
   */
  public record Located(String pointer, JsonNode node) {}
}
