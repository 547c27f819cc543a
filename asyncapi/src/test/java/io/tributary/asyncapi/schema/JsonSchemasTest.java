package io.tributary.asyncapi.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Draft-07 schemas from records, as payloads are published and validated. */
class JsonSchemasTest {

  enum Status { @JsonProperty("on") ON, @JsonProperty("off") OFF }

  record Address(String street, Optional<String> zip) {}

  record Order(long id, @JsonProperty("sent_at") Instant sentAt, Status status, List<Address> addresses,
      Address billing, Optional<String> note, double total) {}

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  @Test
  void a_record_becomes_a_closed_object_with_required_non_optional_components_in_order() {
    ObjectNode schema = JsonSchemas.draft07(Order.class);
    assertThat(schema.has("$schema")).isFalse();
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(names(schema.get("properties")))
        .containsExactly("id", "sent_at", "status", "addresses", "billing", "note", "total");
    assertThat(texts(schema.get("required"))).containsExactly("id", "sent_at", "status", "addresses", "billing",
        "total");
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.at("/properties/sent_at/format").asText()).isEqualTo("date-time");
    assertThat(texts(schema.at("/properties/note/type"))).containsExactly("string", "null");
    assertThat(schema.at("/properties/id/type").asText()).isEqualTo("integer");
  }

  @Test
  void nested_records_and_enums_are_named_definitions() {
    ObjectNode schema = JsonSchemas.draft07(Order.class);
    assertThat(schema.at("/properties/billing/$ref").asText()).isEqualTo("#/definitions/Address");
    assertThat(schema.at("/properties/addresses/items/$ref").asText()).isEqualTo("#/definitions/Address");
    assertThat(texts(schema.at("/definitions/Address/required"))).containsExactly("street");
    assertThat(texts(schema.at("/definitions/Status/enum"))).containsExactly("on", "off");
  }

  @Test
  void objects_may_be_left_open_to_unknown_properties() {
    ObjectNode schema = JsonSchemas.draft07(Order.class, true);
    assertThat(schema.has("additionalProperties")).isFalse();
    assertThat(schema.at("/definitions/Address").has("additionalProperties")).isFalse();
  }
}
