package io.tributary.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers on Jackson trees for deterministic documents. */
final class Documents {

  private Documents() {}

  /** @return {@code node} with the fields of every object sorted by name, recursively (in place) */
  static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      fields.sort(Map.Entry.comparingByKey());
      object.removeAll();
      for (Map.Entry<String, JsonNode> f : fields) {
        object.set(f.getKey(), sorted(f.getValue()));
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode item : array) {
        sorted(item);
      }
    }
    return node;
  }

  /**
   * @return {@code text} as a key of {@code servers}, {@code channels}, {@code operations} or {@code
   *     components} (letters, digits, {@code _} and {@code -}: what all of them allow)
   */
  static String id(String text) {
    String id = text.replaceAll("[^A-Za-z0-9_-]", "_");
    return id.isEmpty() ? "_" : id;
  }
}
