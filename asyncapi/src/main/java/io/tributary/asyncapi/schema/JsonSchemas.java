package io.tributary.asyncapi.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * JSON Schema (draft-07, the base of AsyncAPI's default schema format) of a Java type, as Tributary
 * publishes and validates payloads: the one place where a payload type becomes a schema, shared by
 * ingress validation and the AsyncAPI document writer.
 *
 * <p>The rules:
 * <ul>
 *   <li>properties are the Jackson properties (names from {@code @JsonProperty}, {@code @JsonIgnore}
 *       respected; enums by {@code @JsonValue} / {@code @JsonProperty} when present), in record
 *       component order;
 *   <li>{@code required} lists every record component that is not an {@code Optional} (of other
 *       classes, the properties marked {@code @JsonProperty(required = true)});
 *   <li>an {@code Optional} property may be absent or {@code null}; other properties may not be
 *       {@code null};
 *   <li>every nested object type gets a named entry in {@code definitions} (its simple class name),
 *       referenced with {@code $ref: "#/definitions/Name"}; the schema of the type itself is the root;
 *   <li>{@code additionalProperties: false} on every object unless asked otherwise, matching the strict
 *       {@link io.tributary.streams.codec.PayloadDecoder#json(Class)} decoder;
 *   <li>no {@code $schema} keyword: the schema is meant to be embedded (a validator built by this
 *       module reads it as draft-07).
 * </ul>
 */
public final class JsonSchemas {

  private JsonSchemas() {}

  /**
   * @param type the payload type (a record, typically)
   * @return its draft-07 schema, objects closed to unknown properties
   */
  public static ObjectNode draft07(Type type) {
    return draft07(type, false);
  }

  /**
   * @param type the payload type (a record, typically)
   * @param additionalProperties whether objects accept properties the type does not declare
   * @return its draft-07 schema
   */
  public static ObjectNode draft07(Type type, boolean additionalProperties) {
    Objects.requireNonNull(type, "type");
    SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7,
        OptionPreset.PLAIN_JSON)
        .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED, JacksonOption.RESPECT_JSONPROPERTY_ORDER,
            JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
        .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.PLAIN_DEFINITION_KEYS)
        .without(Option.SCHEMA_VERSION_INDICATOR);
    if (!additionalProperties) {
      config.with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
    }
    config.forFields()
        .withRequiredCheck(field -> isRecordComponent(field) && !isOptional(field))
        .withNullableCheck(field -> isOptional(field) ? Boolean.TRUE : null);
    config.forTypesInGeneral().withPropertySorter(JsonSchemas.recordComponentOrder());
    return new SchemaGenerator(config.build()).generateSchema(type);
  }

  private static boolean isRecordComponent(FieldScope field) {
    return !field.isStatic() && field.getDeclaringType().getErasedType().isRecord();
  }

  private static boolean isOptional(FieldScope field) {
    Class<?> erased = field.getType().getErasedType();
    return erased == Optional.class || erased == OptionalInt.class || erased == OptionalLong.class
        || erased == OptionalDouble.class;
  }

  /** Record properties in component order; others keep the order the generator found them in. */
  private static Comparator<MemberScope<?, ?>> recordComponentOrder() {
    return (a, b) -> Integer.compare(componentIndex(a), componentIndex(b));
  }

  private static int componentIndex(MemberScope<?, ?> member) {
    Class<?> declaring = member.getDeclaringType().getErasedType();
    if (!declaring.isRecord()) {
      return Integer.MAX_VALUE;
    }
    RecordComponent[] components = declaring.getRecordComponents();
    String name = member.getDeclaredName();
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
