package io.tributary.asyncapi.schema;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfig;
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
 * ingress validation ({@code PayloadSchema.forType}) and the AsyncAPI documents ({@code
 * components.schemas}), so that a document describes exactly what a runner validates against.
 *
 * <p>The rules:
 * <ul>
 *   <li>properties are the Jackson properties (names from {@code @JsonProperty}, {@code @JsonIgnore}
 *       respected), in record component order;
 *   <li>{@code required} lists every record component that is not an {@code Optional} (of other
 *       classes, the properties marked {@code @JsonProperty(required = true)});
 *   <li>an {@code Optional} property may be absent or {@code null} (Jackson writes an empty one as
 *       {@code null}); other properties may not be {@code null};
 *   <li>every record (every object type) and every enum is a named definition (its simple class name),
 *       referenced with {@code $ref}, so that code generated from a document gets the same names; the
 *       schema of the type itself is the root; enums list their values as Jackson writes them
 *       ({@code @JsonProperty} on constants, {@code @JsonValue});
 *   <li>{@code additionalProperties: false} on every object unless asked otherwise, matching the strict
 *       {@link io.tributary.streams.codec.PayloadDecoder#json(Class)} decoder;
 *   <li>no {@code $schema} keyword: the schema is meant to be embedded (a validator built by this
 *       module reads it as draft-07).
 * </ul>
 */
public final class JsonSchemas {

  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final SchemaGeneratorConfig CLOSED = config(false);
  private static final SchemaGeneratorConfig OPEN = config(true);

  private JsonSchemas() {}

  /**
   * @param type the payload type (a record, typically)
   * @return its draft-07 schema, objects closed to unknown properties; the types it uses under
   *     {@code definitions}
   */
  public static ObjectNode draft07(Type type) {
    return draft07(type, false);
  }

  /**
   * @param type the payload type (a record, typically)
   * @param additionalProperties whether objects accept properties the type does not declare
   * @return its draft-07 schema; the types it uses under {@code definitions}
   */
  public static ObjectNode draft07(Type type, boolean additionalProperties) {
    Objects.requireNonNull(type, "type");
    return new SchemaGenerator(additionalProperties ? OPEN : CLOSED).generateSchema(type);
  }

  /**
   * A builder for several schemas that share their definitions (a document's {@code
   * components.schemas}), by the same rules as {@link #draft07(Type)}: take references first ({@code
   * createSchemaReference}), then collect the definitions once ({@code collectDefinitions}).
   *
   * @return the builder, objects closed to unknown properties
   */
  public static SchemaBuilder sharedDefinitions() {
    return new SchemaGenerator(CLOSED).buildMultipleSchemaDefinitions();
  }

  private static SchemaGeneratorConfig config(boolean additionalProperties) {
    SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7,
        OptionPreset.PLAIN_JSON)
        .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
            JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
        .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.PLAIN_DEFINITION_KEYS)
        .without(Option.SCHEMA_VERSION_INDICATOR);
    if (!additionalProperties) {
      config.with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
    }
    config.forTypesInGeneral()
        .withCustomDefinitionProvider(new EnumsAsDefinitions())
        .withPropertySorter(JsonSchemas.recordComponentOrder());
    config.forFields()
        .withRequiredCheck(field -> isRecordComponent(field) && !isOptional(field))
        .withNullableCheck(field -> isOptional(field) ? Boolean.TRUE : null);
    return config.build();
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

  /**
   * Enums become named definitions too (victools inlines everything that is not an object), with
   * their values as Jackson writes them ({@code @JsonProperty} on some constants, {@code @JsonValue}).
   */
  private static final class EnumsAsDefinitions implements CustomDefinitionProviderV2 {
    @Override
    public CustomDefinition provideCustomSchemaDefinition(ResolvedType javaType, SchemaGenerationContext context) {
      Class<?> type = javaType.getErasedType();
      if (!type.isEnum()) {
        return null;
      }
      ObjectNode schema = context.getGeneratorConfig().createObjectNode();
      ArrayNode values = schema.arrayNode();
      boolean allText = true;
      for (Object constant : type.getEnumConstants()) {
        JsonNode value = JACKSON.valueToTree(constant);
        allText &= value.isTextual();
        values.add(value);
      }
      if (allText) {
        schema.put("type", "string");
      }
      schema.set("enum", values);
      return new CustomDefinition(schema, CustomDefinition.DefinitionType.ALWAYS_REF,
          CustomDefinition.AttributeInclusion.YES);
    }
  }
}
