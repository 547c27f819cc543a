package io.tributary.asyncapi.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Draft7;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import io.tributary.asyncapi.schema.JsonSchemas;
import io.tributary.streams.codec.PayloadValidationException;
import io.tributary.streams.codec.SchemaViolation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A JSON Schema compiled once, that checks payloads: the validation half of a {@link
 * ValidatingDecoder}. Schemas without {@code $schema} are read as draft-07 (AsyncAPI's default schema
 * format is a superset of it; its extra keywords such as {@code discriminator} or {@code examples}
 * are ignored). Thread-safe: one instance serves every message of a stream, on any thread.
 *
 * <p>Built from a Java type ({@link #forType}, the schema of {@link JsonSchemas}), from a schema
 * ({@link #of}, {@link #parse} for JSON or YAML text) or from a message of an AsyncAPI document
 * ({@link #fromAsyncApi}).
 */
public final class PayloadSchema {

  /** How many violations a failure keeps by default (the dead-letter header carries them). */
  public static final int DEFAULT_MAX_VIOLATIONS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  /** Where schemas given as trees are placed (local {@code $ref}s resolve against it). */
  private static final String BASE = "urn:tributary:payload-schema";
  /** The draft-07 meta-schema, bundled with the validator (never fetched). */
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  /**
   * Draft-07, where a keyword it does not know (AsyncAPI's {@code discriminator}, {@code externalDocs},
   * {@code x-} extensions) is an annotation, quietly: the validator's default warns once per schema.
   */
  private static final Dialect DIALECT = Dialect.builder(Draft7.getInstance())
      .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
      .build();

  private final String name;
  private final JsonNode schemaNode;
  private final Schema schema;
  private final int maxViolations;

  private PayloadSchema(String name, JsonNode schemaNode, Schema schema, int maxViolations) {
    this.name = name;
    this.schemaNode = schemaNode;
    this.schema = schema;
    this.maxViolations = maxViolations;
  }

  /**
   * @param type a payload type (a record, typically)
   * @return its schema by {@link JsonSchemas#draft07(Type)} (objects closed to unknown properties)
   */
  public static PayloadSchema forType(Type type) {
    return of(JsonSchemas.draft07(type), simpleName(type));
  }

  /**
   * Compiles {@code schema} now (references included): a schema that cannot be compiled fails here,
   * not at the first message.
   *
   * @param schema a JSON Schema (draft-07 unless its {@code $schema} says otherwise)
   * @param name what it describes, for messages (e.g. the message or type name)
   * @return the compiled schema
   * @throws IllegalArgumentException when the schema is not valid
   */
  public static PayloadSchema of(JsonNode schema, String name) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    if (!schema.isObject() && !schema.isBoolean()) {
      throw new IllegalArgumentException("a JSON Schema is an object or a boolean, not " + schema.getNodeType()
          + " (schema of " + name + ")");
    }
    SchemaRegistry registry = registry();
    checkAgainstMetaSchema(registry, schema, name);
    try {
      Schema compiled = registry.getSchema(SchemaLocation.of(BASE), schema);
      compiled.initializeValidators();
      return new PayloadSchema(name, schema.deepCopy(), compiled, DEFAULT_MAX_VIOLATIONS);
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("the schema of " + name + " cannot be compiled: " + e.getMessage(), e);
    }
  }

  private static SchemaRegistry registry() {
    return SchemaRegistry.withDefaultDialect(DIALECT,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .build()));
  }

  /** A draft-07 schema (the default) must match the draft-07 meta-schema: {@code "type": 12} fails here. */
  private static void checkAgainstMetaSchema(SchemaRegistry registry, JsonNode schema, String name) {
    JsonNode declared = schema.get("$schema");
    if (declared != null && !declared.asText().startsWith(DRAFT_07.substring(0, DRAFT_07.length() - 1))) {
      return; // another dialect: its keywords are checked as the validator compiles them
    }
    List<Error> errors = registry.getSchema(SchemaLocation.of(DRAFT_07)).validate(schema);
    if (!errors.isEmpty()) {
      List<String> found = new ArrayList<>();
      for (int i = 0; i < errors.size() && i < 5; i++) {
        found.add(violation(errors.get(i)).toString());
      }
      throw new IllegalArgumentException("the schema of " + name + " is not a valid draft-07 JSON Schema: "
          + String.join("; ", found));
    }
  }

  /**
   * @param text a JSON Schema as JSON or YAML text
   * @param name what it describes, for messages
   * @return the compiled schema
   * @throws IllegalArgumentException when the text is neither JSON nor YAML, or not a valid schema
   */
  public static PayloadSchema parse(String text, String name) {
    return of(readTree(text, "the schema of " + name), name);
  }

  /**
   * The payload schema of one message of an AsyncAPI document (2.x or 3.x, JSON or YAML): the
   * message {@code components.messages.<messageName>}, else a message of that id under a channel's
   * {@code messages}; a {@code $ref} to a message or a schema in the same document is followed, a
   * multi-format payload ({@code schemaFormat} + {@code schema}) is accepted for AsyncAPI and JSON
   * Schema formats.
   *
   * @param documentText the AsyncAPI document
   * @param messageName the message's key (its id)
   * @return the compiled payload schema
   * @throws IllegalArgumentException when the message or its payload is missing or not supported
   */
  public static PayloadSchema fromAsyncApi(String documentText, String messageName) {
    JsonNode document = readTree(documentText, "the AsyncAPI document");
    return AsyncApiPayloads.payloadSchema(document, messageName);
  }

  /**
   * @param maxViolations how many violations a failure keeps (at least 1)
   * @return this schema keeping at most that many
   */
  public PayloadSchema withMaxViolations(int maxViolations) {
    if (maxViolations < 1) {
      throw new IllegalArgumentException("maxViolations must be at least 1, was " + maxViolations);
    }
    return new PayloadSchema(name, schemaNode, schema, maxViolations);
  }

  /** @return what this schema describes (a type or message name), as messages name it */
  public String name() {
    return name;
  }

  /** @return the schema as given (a copy) */
  public JsonNode schemaNode() {
    return schemaNode.deepCopy();
  }

  /** @return how many violations a failure keeps */
  public int maxViolations() {
    return maxViolations;
  }

  /**
   * @param payload a parsed payload
   * @return the violations of {@code payload}, at most {@link #maxViolations()}; empty when it is valid
   */
  public List<SchemaViolation> violations(JsonNode payload) {
    return kept(schema.validate(payload));
  }

  /**
   * @param payload a parsed payload
   * @throws PayloadValidationException when it does not match, with the first {@link #maxViolations()}
   *     violations and how many there were
   */
  public void check(JsonNode payload) {
    List<Error> errors = schema.validate(payload);
    if (!errors.isEmpty()) {
      throw new PayloadValidationException(name, kept(errors), errors.size());
    }
  }

  private List<SchemaViolation> kept(List<Error> errors) {
    if (errors.isEmpty()) {
      return List.of();
    }
    List<SchemaViolation> violations = new ArrayList<>(Math.min(errors.size(), maxViolations));
    for (int i = 0; i < errors.size() && i < maxViolations; i++) {
      violations.add(violation(errors.get(i)));
    }
    return violations;
  }

  private static SchemaViolation violation(Error error) {
    String pointer = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    return new SchemaViolation(pointer, message);
  }

  /** JSON when it looks like JSON (precise errors), else YAML. */
  static JsonNode readTree(String text, String what) {
    Objects.requireNonNull(text, what);
    String trimmed = text.stripLeading();
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    try {
      JsonNode tree = (json ? JSON : YAML).readTree(text);
      if (tree == null || tree.isMissingNode()) {
        throw new IllegalArgumentException(what + " is empty");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid " + (json ? "JSON" : "YAML") + ": "
          + e.getOriginalMessage() + location(e), e);
    }
  }

  static String location(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static String simpleName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
  }

  @Override
  public String toString() {
    return "PayloadSchema(" + name + ")";
  }
}
