package io.tributary.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.asyncapi.validation.PayloadSchema;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSink;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A document shows the schema a runner validates against: one generator for both, and a {@link
 * ValidatingDecoder} tells its type so that its runner is described with that schema.
 */
class DocumentAndValidationSchemaTest {

  /** An enum written by {@code @JsonValue}. */
  enum Grade {
    A("a+"), B("b");

    private final String json;

    Grade(String json) {
      this.json = json;
    }

    @JsonValue
    String json() {
      return json;
    }
  }

  /**
   * A second payload: java.time, an Optional record, a map and a list of enums.
   *
   * @param at when
   * @param origin where from, optional
   * @param grades the grades
   * @param counts counts by name
   */
  record Audit(Instant at, Optional<Shipment.Address> origin, List<Grade> grades, Map<String, Integer> counts) {}

  @Test
  void aValidatingDecoderTellsItsTargetType() {
    assertThat(ValidatingDecoder.of(Shipment.class).targetType()).contains(Shipment.class);
    PayloadSchema schema = PayloadSchema.forType(Audit.class);
    assertThat(ValidatingDecoder.of(schema, Audit.class).targetType()).contains(Audit.class);
    assertThat(ValidatingDecoder.tree(schema).targetType()).contains(JsonNode.class);
  }

  @Test
  void aRunnerWithAValidatingDecoderIsDescribedWithThePayloadSchema() {
    KafkaSourceSettings<Shipment> source = KafkaSourceSettings.create("127.0.0.1:9092", "shipping",
        List.of("shipments"), ValidatingDecoder.of(Shipment.class));
    JsonNode doc = AsyncApi.document("shipping", "1.0.0", () -> KafkaRunner.describe(source)).tree();

    assertThat(doc.at("/components/messages/Shipment/payload/$ref").asText())
        .isEqualTo("#/components/schemas/Shipment");
    assertThat(doc.at("/components/messages/Shipment/contentType").asText()).isEqualTo("application/json");
    assertThat(standalone(doc, "Shipment")).isEqualTo(PayloadSchema.forType(Shipment.class).schemaNode());
  }

  @Test
  void theSchemaInADocumentIsTheSchemaPayloadsAreValidatedWith() {
    for (Type type : List.of(Shipment.class, Audit.class)) {
      String name = ((Class<?>) type).getSimpleName();
      JsonNode doc = AsyncApi.document("s", "1", KafkaSink.describe("127.0.0.1:9092", "t", type)).tree();
      JsonNode validated = PayloadSchema.forType(type).schemaNode();

      assertThat(standalone(doc, name)).as(name).isEqualTo(validated);
      assertThat(validated.get("additionalProperties").asBoolean(true)).as(name).isFalse();
    }
  }

  /**
   * The document's component schema {@code name} as a standalone schema: the schemas it reaches
   * under {@code definitions}, references rewritten from {@code #/components/schemas/} to {@code
   * #/definitions/}.
   */
  private static JsonNode standalone(JsonNode doc, String name) {
    JsonNode components = doc.at("/components/schemas");
    ObjectNode root = (ObjectNode) rewritten(components.get(name));
    TreeSet<String> reached = new TreeSet<>();
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      for (String ref : refs(todo.pop(), new TreeSet<>())) {
        if (!ref.equals(name) && reached.add(ref)) {
          todo.push(components.get(ref));
        }
      }
    }
    if (!reached.isEmpty()) {
      ObjectNode definitions = root.putObject("definitions");
      reached.forEach(r -> definitions.set(r, rewritten(components.get(r))));
    }
    return root;
  }

  private static TreeSet<String> refs(JsonNode node, TreeSet<String> found) {
    if (node.isObject() && node.has("$ref")) {
      found.add(node.get("$ref").asText().replaceFirst("^#/(components/schemas|definitions)/", ""));
    }
    node.forEach(child -> refs(child, found));
    return found;
  }

  private static JsonNode rewritten(JsonNode node) {
    JsonNode copy = node.deepCopy();
    rewrite(copy);
    return copy;
  }

  private static void rewrite(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
          field.setValue(new TextNode(field.getValue().asText().replace("#/components/schemas/", "#/definitions/")));
        } else {
          rewrite(field.getValue());
        }
      }
    } else {
      node.forEach(DocumentAndValidationSchemaTest::rewrite);
    }
  }
}
