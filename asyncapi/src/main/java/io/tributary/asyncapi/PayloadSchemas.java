package io.tributary.asyncapi;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.FieldScope;
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
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * JSON Schemas (draft-07) of payload types, as Tributary writes and reads them with Jackson: property
 * names as Jackson sees them ({@code @JsonProperty}), {@code required} = the components of a record
 * that are not {@code Optional}, unknown properties forbidden (as {@code PayloadDecoder.json} refuses
 * them), enums as strings (their {@code @JsonProperty}/{@code @JsonValue} names). Every record and
 * enum is a named definition, so that code generated from a document gets the same names.
 */
public final class PayloadSchemas {

  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final SchemaGeneratorConfig CONFIG = config();

  private PayloadSchemas() {}

  /**
   * A standalone schema of {@code type}: the type's schema at the root, the types it uses under
   * {@code definitions}.
   *
   * @param type the payload type, e.g. a record class
   * @return the schema
   */
  public static ObjectNode schemaOf(Type type) {
    return new SchemaGenerator(CONFIG).generateSchema(type);
  }

  /**
   * A builder for several schemas that share their definitions (a document's {@code
   * components.schemas}): take references first, then collect the definitions once.
   *
   * @return the builder
   */
  static SchemaBuilder shared() {
    return new SchemaGenerator(CONFIG).buildMultipleSchemaDefinitions();
  }

  private static SchemaGeneratorConfig config() {
    SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7,
        OptionPreset.PLAIN_JSON);
    builder.forTypesInGeneral().withCustomDefinitionProvider(new EnumsAsDefinitions());
    builder.with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
            JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
        .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.PLAIN_DEFINITION_KEYS,
            Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
        .without(Option.SCHEMA_VERSION_INDICATOR);
    builder.forFields().withRequiredCheck(PayloadSchemas::required);
    return builder.build();
  }

  /** A record component is required unless it is an {@code Optional}. */
  private static boolean required(FieldScope field) {
    Field raw = field.getRawMember();
    if (raw == null || Modifier.isStatic(raw.getModifiers()) || !raw.getDeclaringClass().isRecord()) {
      return false;
    }
    Class<?> t = raw.getType();
    return t != Optional.class && t != OptionalInt.class && t != OptionalLong.class && t != OptionalDouble.class;
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
      ArrayNode values = JsonNodeFactory.instance.arrayNode();
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
