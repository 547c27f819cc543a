package io.tributary.asyncapi.codegen.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.asyncapi.codegen.GenerationException;
import org.junit.jupiter.api.Test;

/** What has no Java type is refused with the JSON pointer of the place and why, never with broken code. */
class RefusalsTest {

  private static final String SCHEMAS = "#/components/schemas/P";

  @Test
  void content_types_other_than_json_text_and_bytes_are_refused_at_the_message() {
    for (String contentType : new String[] {"avro/binary", "application/vnd.apache.avro;version=1.9.0",
        "application/xml"}) {
      String doc = "asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      contentType: '" + contentType
          + "'\n      payload: {type: string}\n";
      assertRefused(doc, "#/components/messages/m/contentType", "content type '" + contentType
          + "' is not supported");
    }
  }

  @Test
  void keywords_that_change_the_shape_are_refused() {
    assertRefused(schema("{type: object, properties: {a: {type: string}}, not: {required: [a]}}"),
        SCHEMAS + "/not", "'not' is not supported");
    assertRefused(schema("{type: object, properties: {a: {if: {type: string}, then: {minLength: 1}}}}"),
        SCHEMAS + "/properties/a/if", "'if' is not supported");
    assertRefused(schema("{type: object, dependentSchemas: {a: {required: [b]}}, properties: {a: {}}}"),
        SCHEMAS + "/dependentSchemas", "'dependentSchemas' is not supported");
    assertRefused(schema("{type: object, patternProperties: {'^x-': {type: string}}}"),
        SCHEMAS + "/patternProperties", "patternProperties alone is not supported");
    assertRefused(schema("{type: array, items: [{type: string}, {type: integer}]}"),
        SCHEMAS + "/items", "tuples");
  }

  @Test
  void validation_keywords_are_fine() {
    PayloadTypes types = PayloadTypes.generate(TestModels.text(schema("{type: object, required: [a], properties: "
        + "{a: {type: string, pattern: '^x', maxLength: 3}, n: {type: number, minimum: 0, multipleOf: 0.5}}, "
        + "additionalProperties: false, minProperties: 1, dependencies: {n: [a]}}")), "generated.ok");
    assertThat(types.sources()).extracting(SourceFile::simpleName).containsExactly("P");
  }

  @Test
  void enums_of_other_values_than_strings_are_refused() {
    assertRefused(schema("{type: integer, enum: [1, 2]}"), SCHEMAS + "/enum",
        "only string values become a Java enum, found 1 (a number)");
    assertRefused(schema("{type: object, properties: {v: {const: 3}}}"), SCHEMAS + "/properties/v/const",
        "only string values become a Java enum, found 3");
  }

  @Test
  void a_oneOf_that_is_no_sealed_interface_of_records_is_refused() {
    assertRefused(schema("{oneOf: [{type: string}, {type: integer}]}"), SCHEMAS + "/oneOf/0",
        "alternative 0 of oneOf is not an object schema with properties");
    assertRefused(schema("{oneOf: [{type: object, required: [x], properties: {x: {type: string}}}, "
        + "{type: object, required: [x], properties: {x: {type: string}, y: {type: string}}}]}"), SCHEMAS + "/oneOf",
        "alternative 0 requires no property that the other alternatives lack, so payloads cannot be told apart");
    assertRefused(schema("{discriminator: k, anyOf: [{properties: {k: {const: a}}}, {properties: {k: {const: a}}}]}"),
        SCHEMAS + "/anyOf", "alternatives 0 and 1 have the same value 'a' of discriminator 'k'");
    assertRefused(schema("{discriminator: k, oneOf: [{properties: {k: {const: a}}}, {properties: {k: {}}}]}"),
        SCHEMAS + "/oneOf/1", "alternative 1 has no value of discriminator 'k'");
    assertRefused(schema("{type: object, properties: {a: {type: string}}, oneOf: [{required: [a]}]}"),
        SCHEMAS + "/oneOf", "oneOf next to properties or allOf is not supported");
  }

  @Test
  void other_shapes_without_a_java_type_are_refused() {
    assertRefused(schema("{allOf: [{type: string}, {type: integer}]}"), SCHEMAS + "/allOf",
        "allOf of schemas that are not objects with properties is not supported");
    assertRefused(schema("{type: array, items: {$ref: '#/components/schemas/P'}}"), SCHEMAS,
        "the schema contains itself with no object schema in between");
    assertRefused(schema("{type: object, properties: {a: {$ref: 'other.yaml#/A'}}}"), SCHEMAS + "/properties/a/$ref",
        "external references are not supported");
    assertRefused(schema("{type: object, properties: {a: {type: record}}}"), SCHEMAS + "/properties/a/type",
        "unknown type \"record\"");
  }

  private static String schema(String flowYaml) {
    return "asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      payload:\n        $ref: '#/components/schemas/P'\n"
        + "  schemas:\n    P: " + flowYaml + "\n";
  }

  private static void assertRefused(String document, String pointer, String words) {
    assertThatThrownBy(() -> PayloadTypes.generate(TestModels.text(document), "generated.refused"))
        .isInstanceOfSatisfying(GenerationException.class, e -> {
          assertThat(e.pointer()).isEqualTo(pointer);
          assertThat(e.problem()).contains(words);
        });
  }
}
