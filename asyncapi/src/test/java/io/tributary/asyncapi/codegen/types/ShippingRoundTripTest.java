package io.tributary.asyncapi.codegen.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.types.PayloadType.Encoding;
import io.tributary.asyncapi.schema.JsonSchemas;
import io.tributary.asyncapi.validation.PayloadSchema;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Service -> document -> code -> document: the types generated from {@code shipping.yaml} (a document
 * our document generator wrote from {@code Shipment}) have exactly the component schemas they came from.
 */
class ShippingRoundTripTest {

  @Test
  void generated_types_give_back_the_component_schemas_of_the_document() throws Exception {
    ApiModel model = TestModels.resource("/asyncapi/shipping.yaml");
    PayloadTypes types = PayloadTypes.generate(model, "generated.shipping");
    assertThat(types.sources()).extracting(SourceFile::simpleName)
        .containsExactly("Address", "Item", "Priority", "Shipment");
    assertThat(types.typeOf(TestModels.message(model, "Shipment")).javaType()).isEqualTo("Shipment");
    assertThat(types.typeOf(TestModels.message(model, "Shipment_2")))
        .isEqualTo(types.typeOf(TestModels.message(model, "Shipment")));
    assertThat(types.typeOf(TestModels.message(model, "DeadLetter")).encoding()).isEqualTo(Encoding.BYTES);

    Class<?> shipment = InMemoryCompiler.compile(types.sources()).load("generated.shipping.Shipment");
    SchemaBuilder schemas = JsonSchemas.sharedDefinitions();
    JsonNode reference = schemas.createSchemaReference(shipment);
    ObjectNode definitions = schemas.collectDefinitions("components/schemas");

    assertThat(reference.path("$ref").asText()).isEqualTo("#/components/schemas/Shipment");
    assertThat(definitions).isEqualTo(model.tree().at("/components/schemas"));
  }

  @Test
  void a_shipment_decodes_and_encodes_back_with_the_generated_types() throws Exception {
    ApiModel model = TestModels.resource("/asyncapi/shipping.yaml");
    PayloadTypes types = PayloadTypes.generate(model, "generated.shipping");
    PayloadType payload = types.typeOf(TestModels.message(model, "Shipment"));
    Class<?> shipment = InMemoryCompiler.compile(types.sources()).load("generated.shipping.Shipment");
    String json = "{\"id\":\"s1\",\"address\":{\"street\":\"Main 1\",\"city\":\"Bern\"},\"priority\":\"express\","
        + "\"note\":null,\"sent_at\":1765100000000,\"items\":[{\"sku\":\"a\",\"quantity\":2}]}";
    Object decoded = ValidatingDecoder.of(PayloadSchema.parse(payload.validationSchemaJson(), "Shipment"), shipment)
        .decode(json.getBytes(StandardCharsets.UTF_8));
    JsonNode encoded = StreetlightsPayloadTypesTest.json(StreetlightsPayloadTypesTest.MAPPER.writeValueAsString(
        decoded));
    ObjectNode expected = (ObjectNode) StreetlightsPayloadTypesTest.json(json);
    expected.remove("note"); // an absent Optional is not written
    assertThat(encoded).isEqualTo(expected);
  }
}
