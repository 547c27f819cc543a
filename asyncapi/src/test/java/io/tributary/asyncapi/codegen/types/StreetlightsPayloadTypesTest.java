package io.tributary.asyncapi.codegen.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.types.PayloadType.Encoding;
import io.tributary.asyncapi.validation.PayloadSchema;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import io.tributary.streams.codec.PayloadValidationException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Payload types of a streetlights-like document: records, an enum, Jackson names, decoded and encoded back. */
class StreetlightsPayloadTypesTest {

  /** The settings of ValidatingDecoder's mapper (jdk8 and java.time modules), to encode with. */
  static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new Jdk8Module())
      .addModule(new JavaTimeModule()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final String PACKAGE = "generated.streetlights";

  private static ApiModel model;
  private static PayloadTypes types;
  private static InMemoryCompiler.Compiled compiled;

  @BeforeAll
  static void generate() {
    model = TestModels.resource("/asyncapi/codegen/types-streetlights.yaml");
    types = PayloadTypes.generate(model, PACKAGE);
    compiled = InMemoryCompiler.compile(types.sources());
  }

  @Test
  void every_message_gets_its_payload_type_and_shared_schemas_one_type() {
    assertThat(types.sources()).extracting(SourceFile::simpleName)
        .containsExactly("DimLightPayload", "LightMeasuredPayload", "TurnOnOffPayload", "TurnOnOffPayloadCommand");
    PayloadType light = types.typeOf(TestModels.message(model, "lightMeasured"));
    assertThat(light.javaType()).isEqualTo("LightMeasuredPayload");
    assertThat(light.className()).contains("LightMeasuredPayload");
    assertThat(light.encoding()).isEqualTo(Encoding.JSON);
    assertThat(types.typeOf(TestModels.message(model, "turnOn")))
        .isEqualTo(types.typeOf(TestModels.message(model, "turnOff")));
    assertThat(types.typeOf(TestModels.message(model, "dimLight")).javaType()).isEqualTo("DimLightPayload");
    assertThat(types.typeOf(TestModels.message(model, "status")))
        .isEqualTo(new PayloadType("String", Optional.of("String"), Encoding.TEXT, "{}"));
    assertThat(types.typeOf(TestModels.message(model, "firmware")))
        .isEqualTo(new PayloadType("byte[]", Optional.of("byte[]"), Encoding.BYTES, "{}"));
    assertThat(types.typeOf(TestModels.message(model, "anything"))).isEqualTo(new PayloadType(
        "com.fasterxml.jackson.databind.JsonNode", Optional.of("com.fasterxml.jackson.databind.JsonNode"),
        Encoding.JSON, "{}"));
  }

  @Test
  void record_components_take_natural_java_types() {
    Class<?> light = compiled.load(PACKAGE + ".LightMeasuredPayload");
    assertThat(Arrays.stream(light.getRecordComponents()).map(c -> c.getGenericType().getTypeName() + " "
        + c.getName())).containsExactly(UUID.class.getName() + " id", "long lumens",
        OffsetDateTime.class.getName() + " sentAt", "java.util.Optional<java.lang.Double> ratio",
        "java.util.Optional<java.lang.Boolean> on", "java.util.Optional<java.time.LocalDate> day");
    RecordComponent[] turn = compiled.load(PACKAGE + ".TurnOnOffPayload").getRecordComponents();
    assertThat(turn).extracting(RecordComponent::getName).containsExactly("command", "sentAt", "class_");
    assertThat(compiled.load(PACKAGE + ".TurnOnOffPayloadCommand").getEnumConstants())
        .extracting(Object::toString).containsExactly("ON", "OFF");
    RecordComponent[] dim = compiled.load(PACKAGE + ".DimLightPayload").getRecordComponents();
    assertThat(Arrays.stream(dim).map(c -> c.getGenericType().getTypeName() + " " + c.getName())).containsExactly(
        "int percentage", "java.util.Optional<java.time.OffsetDateTime> sentAt",
        "java.util.Optional<java.util.List<java.time.OffsetDateTime>> history", "java.lang.Long level");
  }

  @Test
  void payloads_decode_with_the_validating_decoder_and_encode_back_to_the_same_json() throws Exception {
    String[][] samples = {
        {"lightMeasured", "LightMeasuredPayload", "{\"id\":\"" + UUID.randomUUID() + "\",\"lumens\":512,"
            + "\"sentAt\":\"2026-12-07T10:15:30.5+02:00\",\"on\":true,\"day\":\"2026-12-07\"}"},
        {"turnOn", "TurnOnOffPayload", "{\"command\":\"on\",\"sent_at\":\"2026-12-07T10:15:30Z\",\"class\":\"A\"}"},
        {"turnOff", "TurnOnOffPayload", "{\"command\":\"off\",\"sent_at\":\"2026-12-07T10:15:30-05:00\"}"},
        {"dimLight", "DimLightPayload", "{\"percentage\":40,\"level\":null}"},
        {"dimLight", "DimLightPayload", "{\"percentage\":40,\"level\":3,\"sent_at\":\"2026-12-07T10:15:30+01:00\","
            + "\"history\":[\"2026-12-06T10:15:30+01:00\",\"2026-12-05T10:15:30Z\"]}"}};
    for (String[] sample : samples) {
      Object payload = decoder(sample[0], sample[1]).decode(sample[2].getBytes(StandardCharsets.UTF_8));
      assertThat(MAPPER.readTree(MAPPER.writeValueAsString(payload))).as(sample[0])
          .isEqualTo(MAPPER.readTree(sample[2]));
    }
    Object light = decoder("lightMeasured", "LightMeasuredPayload").decode(samples[0][2].getBytes(
        StandardCharsets.UTF_8));
    assertThat(light.getClass().getMethod("ratio").invoke(light)).isEqualTo(Optional.empty());
    assertThat(light.getClass().getMethod("day").invoke(light)).isEqualTo(Optional.of(LocalDate.of(2026, 12, 7)));
    assertThat(light.getClass().getMethod("sentAt").invoke(light).toString())
        .isEqualTo("2026-12-07T10:15:30.500+02:00");
  }

  @Test
  void the_validation_schema_enforces_what_the_types_do_not() {
    ValidatingDecoder<?> light = decoder("lightMeasured", "LightMeasuredPayload");
    assertThatThrownBy(() -> light.decode(("{\"id\":\"" + UUID.randomUUID() + "\",\"lumens\":-1,"
        + "\"sentAt\":\"2026-12-07T10:15:30Z\"}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(PayloadValidationException.class).hasMessageContaining("/lumens");
    ValidatingDecoder<?> turn = decoder("turnOn", "TurnOnOffPayload");
    assertThatThrownBy(() -> turn.decode("{\"command\":\"dim\",\"sent_at\":\"2026-12-07T10:15:30Z\"}"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(PayloadValidationException.class).hasMessageContaining("/command");
  }

  @Test
  void json_names_and_descriptions_are_written_safely() {
    String turn = source("TurnOnOffPayload");
    assertThat(turn).contains("    @JsonProperty(\"sent_at\")\n"
        + "    @JsonFormat(shape = JsonFormat.Shape.STRING, without = "
        + "JsonFormat.Feature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)\n    OffsetDateTime sentAt,")
        .contains("@JsonProperty(\"class\") @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> class_)")
        .contains("@param sentAt Date and time when the message was sent.");
    String dim = source("DimLightPayload");
    assertThat(dim).contains("How much to dim: *&#47; and &#64;param and &lt;b&gt; stay text.")
        .contains("Generated by Tributary from #/components/messages/dimLight/payload.");
    assertThat(source("TurnOnOffPayloadCommand")).contains("@JsonProperty(\"on\")\n  ON,");
    types.sources().forEach(f -> assertThat(f.text().lines()).as(f.path()).allMatch(l -> l.length() <= 120));
  }

  private static String source(String name) {
    return types.sources().stream().filter(f -> f.simpleName().equals(name)).findFirst().orElseThrow().text();
  }

  private static ValidatingDecoder<?> decoder(String message, String type) {
    PayloadType payload = types.typeOf(TestModels.message(model, message));
    return ValidatingDecoder.of(PayloadSchema.parse(payload.validationSchemaJson(), message),
        compiled.load(PACKAGE + "." + type));
  }

  static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }
}
