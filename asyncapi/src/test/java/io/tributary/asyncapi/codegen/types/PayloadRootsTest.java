package io.tributary.asyncapi.codegen.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.validation.PayloadSchema;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Payloads that are not objects: scalars, lists, enums, nullable references, and records without components. */
class PayloadRootsTest {

  private static final String DOC = """
      asyncapi: 3.0.0
      components:
        messages:
          count: {payload: {type: integer, minimum: 0}}
          small: {payload: {type: integer, format: int32}}
          at: {payload: {type: string, format: date-time}}
          flag: {payload: {type: boolean}}
          names: {payload: {type: array, items: {type: string}}}
          level: {name: level, payload: {type: string, enum: [low, high, 'null-ish']}}
          maybe: {payload: {oneOf: [{$ref: '#/components/schemas/Event'}, {type: 'null'}]}}
          event: {payload: {$ref: '#/components/schemas/Event'}}
        schemas:
          Event:
            discriminator: {propertyName: type}
            oneOf:
              - {type: object, required: [type], properties: {type: {const: ping}}}
              - {type: object, required: [type, at], properties: {type: {const: pong}, at: {type: integer}}}
      """;

  @Test
  void scalars_lists_and_enums_are_payload_types_too() throws Exception {
    ApiModel model = TestModels.text(DOC);
    PayloadTypes types = PayloadTypes.generate(model, "generated.roots");
    assertThat(javaType(types, model, "count")).isEqualTo("Long");
    assertThat(javaType(types, model, "small")).isEqualTo("Integer");
    assertThat(javaType(types, model, "at")).isEqualTo("java.time.OffsetDateTime");
    assertThat(javaType(types, model, "flag")).isEqualTo("Boolean");
    assertThat(javaType(types, model, "names")).isEqualTo("java.util.List<String>");
    assertThat(javaType(types, model, "level")).isEqualTo("LevelPayload");
    assertThat(javaType(types, model, "maybe")).isEqualTo("Event");
    assertThat(types.typeOf(TestModels.message(model, "count")).className()).contains("Long");
    assertThat(types.sources()).extracting(SourceFile::simpleName)
        .containsExactly("Event", "EventPing", "EventPong", "LevelPayload");
    assertThat(types.sources().get(3).text()).contains("@JsonProperty(\"null-ish\")\n  NULL_ISH\n");

    InMemoryCompiler.Compiled compiled = InMemoryCompiler.compile(types.sources());
    assertThat(decode(types, model, "count", Long.class, "42")).isEqualTo(42L);
    Class<?> event = compiled.load("generated.roots.Event");
    Object ping = decode(types, model, "event", event, "{\"type\":\"ping\"}");
    assertThat(ping.getClass().getSimpleName()).isEqualTo("EventPing");
    assertThat(ping.getClass().getRecordComponents()).isEmpty();
    assertThat(StreetlightsPayloadTypesTest.MAPPER.writeValueAsString(ping)).isEqualTo("{\"type\":\"ping\"}");
    assertThat(decode(types, model, "event", event, "{\"type\":\"pong\",\"at\":7}").toString())
        .isEqualTo("EventPong[at=7]");
    assertThat(Optional.ofNullable(decode(types, model, "level", compiled.load("generated.roots.LevelPayload"),
        "\"null-ish\"")).map(Object::toString)).contains("NULL_ISH");
  }

  private static String javaType(PayloadTypes types, ApiModel model, String message) {
    return types.typeOf(TestModels.message(model, message)).javaType();
  }

  private static Object decode(PayloadTypes types, ApiModel model, String message, Class<?> type, String json)
      throws Exception {
    PayloadType payload = types.typeOf(TestModels.message(model, message));
    return ValidatingDecoder.of(PayloadSchema.parse(payload.validationSchemaJson(), message), type)
        .decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
