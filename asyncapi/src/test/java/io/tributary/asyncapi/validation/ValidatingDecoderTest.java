package io.tributary.asyncapi.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.streams.codec.PayloadValidationException;
import io.tributary.streams.codec.SchemaViolation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validating decoder: parse, validate against a schema compiled once, then decode. */
class ValidatingDecoderTest {

  /** A small payload. */
  record Reading(String sensor, double value) {}

  enum Unit { @JsonProperty("celsius") CELSIUS, @JsonProperty("kelvin") KELVIN }

  /** A nested payload. */
  record Line(String sku, int qty) {}

  /** A nested payload with an enum, an Optional, a Jackson name and a list of records. */
  record Order(long id, @JsonProperty("sent_at") Instant sentAt, Unit unit, List<Line> lines,
      Optional<String> note) {}

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<SchemaViolation> violations(ValidatingDecoder<?> decoder, String payload) {
    PayloadValidationException e = catchThrowableOfType(PayloadValidationException.class,
        () -> decoder.decode(bytes(payload)));
    assertThat(e).as("validation failure for %s", payload).isNotNull();
    return e.violations();
  }

  private static final String VALID_ORDER = "{\"id\":7,\"sent_at\":\"2026-12-07T10:00:00Z\",\"unit\":\"kelvin\","
      + "\"lines\":[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"b\",\"qty\":2}]}";

  @Test
  void a_valid_payload_is_decoded() throws Exception {
    ValidatingDecoder<Reading> decoder = ValidatingDecoder.of(Reading.class);
    assertThat(decoder.decode(bytes("{\"sensor\":\"s1\",\"value\":21.5}"))).isEqualTo(new Reading("s1", 21.5));

    Order order = ValidatingDecoder.of(Order.class).decode(bytes(VALID_ORDER));
    assertThat(order).isEqualTo(new Order(7, Instant.parse("2026-12-07T10:00:00Z"), Unit.KELVIN,
        List.of(new Line("a", 1), new Line("b", 2)), Optional.empty()));
  }

  @Test
  void an_optional_component_may_be_absent_or_null_others_may_not_be_null() throws Exception {
    ValidatingDecoder<Order> decoder = ValidatingDecoder.of(Order.class);
    assertThat(decoder.decode(bytes(VALID_ORDER.replace("}]}", "}],\"note\":null}"))).note()).isEmpty();
    assertThat(decoder.decode(bytes(VALID_ORDER.replace("}]}", "}],\"note\":\"hi\"}"))).note()).contains("hi");
    assertThat(violations(decoder, VALID_ORDER.replace("\"unit\":\"kelvin\"", "\"unit\":null")))
        .extracting(SchemaViolation::pointer).containsOnly("/unit");
  }

  @Test
  void a_missing_required_field_is_reported_at_its_object_naming_the_property() {
    List<SchemaViolation> v = violations(ValidatingDecoder.of(Reading.class), "{\"value\":1}");
    assertThat(v).hasSize(1);
    assertThat(v.get(0).pointer()).isEmpty();
    assertThat(v.get(0).message()).contains("sensor").contains("required");
  }

  @Test
  void a_wrong_type_is_reported_at_its_pointer() {
    List<SchemaViolation> v = violations(ValidatingDecoder.of(Reading.class), "{\"sensor\":\"s\",\"value\":\"hot\"}");
    assertThat(v).hasSize(1);
    assertThat(v.get(0).pointer()).isEqualTo("/value");
    assertThat(v.get(0).message()).contains("string").contains("number");
  }

  @Test
  void nested_violations_carry_the_full_pointer_and_all_are_reported() {
    String bad = VALID_ORDER.replace("{\"sku\":\"b\",\"qty\":2}", "{\"sku\":\"b\",\"qty\":\"two\"}")
        .replace("{\"sku\":\"a\",\"qty\":1}", "{\"qty\":1}");
    assertThat(violations(ValidatingDecoder.of(Order.class), bad)).extracting(SchemaViolation::pointer)
        .containsExactlyInAnyOrder("/lines/0", "/lines/1/qty");
  }

  @Test
  void an_enum_accepts_only_its_json_names() {
    List<SchemaViolation> v = violations(ValidatingDecoder.of(Order.class),
        VALID_ORDER.replace("kelvin", "KELVIN"));
    assertThat(v).hasSize(1);
    assertThat(v.get(0).pointer()).isEqualTo("/unit");
    assertThat(v.get(0).message()).contains("celsius").contains("kelvin");
  }

  @Test
  void extra_fields_follow_the_schemas_additional_properties() throws Exception {
    // The generated schema is closed, like PayloadDecoder.json: an extra field is a violation with its pointer.
    List<SchemaViolation> v = violations(ValidatingDecoder.of(Order.class),
        VALID_ORDER.replace("{\"sku\":\"a\",", "{\"sku\":\"a\",\"colour\":\"red\","));
    assertThat(v).hasSize(1);
    assertThat(v.get(0).pointer()).isEqualTo("/lines/0");
    assertThat(v.get(0).message()).contains("colour");

    String open = "{\"type\":\"object\",\"required\":[\"sensor\"],\"properties\":{\"sensor\":{\"type\":\"string\"},"
        + "\"value\":{\"type\":\"number\"}}}";
    ValidatingDecoder<Reading> lenient = ValidatingDecoder.of(PayloadSchema.parse(open, "reading"), Reading.class);
    assertThat(lenient.decode(bytes("{\"sensor\":\"s\",\"value\":1,\"extra\":true}")))
        .isEqualTo(new Reading("s", 1));
    ValidatingDecoder<Reading> closed = ValidatingDecoder.of(PayloadSchema.parse(
        open.replaceFirst("\\{", "{\"additionalProperties\":false,"), "reading"), Reading.class);
    assertThat(violations(closed, "{\"sensor\":\"s\",\"value\":1,\"extra\":true}")).singleElement()
        .satisfies(x -> assertThat(x.message()).contains("extra"));
  }

  @Test
  void bytes_that_are_not_one_json_value_fail_with_a_clear_decode_error() {
    ValidatingDecoder<Reading> decoder = ValidatingDecoder.of(Reading.class);
    assertThatThrownBy(() -> decoder.decode(bytes("this is not json")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("payload is not JSON: Unrecognized token 'this'")
        .hasMessageContaining("(line 1, column ");
    assertThatThrownBy(() -> decoder.decode(bytes("{\"sensor\":\"s\",\"val")))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("payload is not JSON");
    assertThatThrownBy(() -> decoder.decode(bytes("{\"sensor\":\"s\",\"value\":1} {}")))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("Trailing token");
    assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, 0, (byte) 0xFE}))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("payload is not JSON");
    assertThatThrownBy(() -> decoder.decode(new byte[0])).hasMessage("payload is empty, expected JSON");
    assertThatThrownBy(() -> decoder.decode(bytes("  \n"))).hasMessage("payload is blank, expected JSON");
    assertThatThrownBy(() -> decoder.decode(null)).hasMessage("payload is null (a tombstone)");
  }

  @Test
  void json_null_and_non_objects_are_violations() {
    ValidatingDecoder<Reading> decoder = ValidatingDecoder.of(Reading.class);
    assertThat(violations(decoder, "null")).extracting(SchemaViolation::pointer).containsExactly("");
    assertThat(violations(decoder, "[1,2]")).extracting(SchemaViolation::pointer).containsExactly("");
  }

  @Test
  void violations_are_bounded_but_the_total_is_kept() {
    StringBuilder many = new StringBuilder("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}");
    PayloadSchema schema = PayloadSchema.parse(many.toString(), "ints").withMaxViolations(5);
    StringBuilder payload = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      payload.append(i == 0 ? "" : ",").append("\"x").append(i).append('"');
    }
    payload.append(']');
    PayloadValidationException e = catchThrowableOfType(PayloadValidationException.class,
        () -> ValidatingDecoder.tree(schema).decode(bytes(payload.toString())));
    assertThat(e.violations()).hasSize(5);
    assertThat(e.total()).isEqualTo(50);
    assertThat(e.violations().get(0).pointer()).isEqualTo("/0");
    assertThat(e.getMessage()).startsWith("payload does not match the schema of ints: 50 violations: /0: ");
    assertThat(PayloadSchema.forType(Reading.class).maxViolations()).isEqualTo(20);
  }

  @Test
  void a_schema_given_as_yaml_text_is_compiled_once_and_checks_a_tree_decoder() throws Exception {
    String yaml = """
        type: object
        required: [id, tags]
        properties:
          id: {type: integer, minimum: 1}
          tags:
            type: array
            items: {type: string, maxLength: 3}
        """;
    ValidatingDecoder<JsonNode> decoder = ValidatingDecoder.tree(PayloadSchema.parse(yaml, "tagged"));
    assertThat(decoder.decode(bytes("{\"id\":1,\"tags\":[\"a\"]}")).get("id").asInt()).isEqualTo(1);
    assertThat(violations(decoder, "{\"id\":0,\"tags\":[\"abcd\"]}")).extracting(SchemaViolation::pointer)
        .containsExactlyInAnyOrder("/id", "/tags/0");
  }

  @Test
  void a_broken_schema_fails_when_built_not_at_the_first_message() {
    assertThatThrownBy(() -> PayloadSchema.parse("{\"type\": 12}", "broken"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the schema of broken is not a valid draft-07 JSON Schema: /type: ");
    assertThatThrownBy(() -> PayloadSchema.parse("{\"$ref\":\"#/definitions/Missing\"}", "dangling"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dangling");
    assertThatThrownBy(() -> PayloadSchema.parse("type: [object", "yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid YAML");
  }
}
