package io.tributary.asyncapi.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.codec.PayloadValidationException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PayloadDecoder} that validates before it decodes: it parses the bytes as JSON, checks the
 * tree against a {@link PayloadSchema} compiled once, and only then maps the tree to the payload type.
 * What it refuses is a decode failure, so every connector dead-letters the message at its source and
 * the handler never sees it:
 * <ul>
 *   <li>a payload that does not match the schema: {@link PayloadValidationException} with the first
 *       violations (JSON pointer and message), carried by the dead letter's header {@link
 *       io.tributary.streams.deadletter.DeadLetterHeaders#VALIDATION_ERRORS};
 *   <li>bytes that are not one JSON value (empty, malformed, trailing data) or a tombstone: an
 *       {@link IllegalArgumentException} saying so, with line and column.
 * </ul>
 *
 * <pre>{@code
 * KafkaSourceSettings.create(servers, group, List.of("orders"), ValidatingDecoder.of(Order.class));
 * }</pre>
 *
 * <p>The schema alone decides which properties are allowed: the mapper ignores unknown properties
 * (the schema of {@link #of(Class)} forbids them). Thread-safe.
 *
 * @param <T> the payload type
 */
public final class ValidatingDecoder<T> implements PayloadDecoder<T> {

  /** Parses payloads: one JSON value per message, nothing after it. */
  private static final ObjectMapper PARSER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  /** Maps validated trees: records, Optional and java.time; unknown properties are the schema's business. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final PayloadSchema schema;
  private final Class<T> type;
  private final ObjectMapper mapper;

  private ValidatingDecoder(PayloadSchema schema, Class<T> type, ObjectMapper mapper) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.type = Objects.requireNonNull(type, "type");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * @param type the payload type (a record, typically)
   * @param <T> the payload type
   * @return a decoder validating against the type's generated schema ({@link PayloadSchema#forType})
   */
  public static <T> ValidatingDecoder<T> of(Class<T> type) {
    return new ValidatingDecoder<>(PayloadSchema.forType(type), type, MAPPER);
  }

  /**
   * @param schema the schema payloads must match
   * @param type the type a valid payload is mapped to
   * @param <T> the payload type
   * @return a decoder validating against {@code schema}
   */
  public static <T> ValidatingDecoder<T> of(PayloadSchema schema, Class<T> type) {
    return new ValidatingDecoder<>(schema, type, MAPPER);
  }

  /**
   * @param schema the schema payloads must match
   * @param type the type a valid payload is mapped to
   * @param mapper the mapper that maps valid trees to {@code type} (its settings apply after validation)
   * @param <T> the payload type
   * @return a decoder validating against {@code schema}
   */
  public static <T> ValidatingDecoder<T> of(PayloadSchema schema, Class<T> type, ObjectMapper mapper) {
    return new ValidatingDecoder<>(schema, type, mapper);
  }

  /**
   * @param schema the schema payloads must match
   * @return a decoder to the validated JSON tree itself, for payloads without a Java type
   */
  public static ValidatingDecoder<JsonNode> tree(PayloadSchema schema) {
    return new ValidatingDecoder<>(schema, JsonNode.class, MAPPER);
  }

  /** @return the schema payloads are checked against */
  public PayloadSchema schema() {
    return schema;
  }

  /** @return the payload type */
  public Class<T> type() {
    return type;
  }

  /**
   * The payload type, so that a runner reading with this decoder is described (AsyncAPI) with the
   * type's schema: for {@link #of(Class)} the very schema payloads are validated against; {@code
   * JsonNode} (any JSON) for {@link #tree}.
   *
   * @return the payload type
   */
  @Override
  public Optional<Type> targetType() {
    return Optional.of(type);
  }

  /**
   * Parses, validates, decodes.
   *
   * @throws PayloadValidationException when the payload does not match the schema
   * @throws IllegalArgumentException when the bytes are not one JSON value
   * @throws IOException when a valid payload cannot be mapped to the type (a schema looser than the type)
   */
  @Override
  public T decode(byte[] bytes) throws IOException {
    JsonNode tree = parse(bytes);
    schema.check(tree);
    if (type == JsonNode.class) {
      return type.cast(tree);
    }
    T value = mapper.treeToValue(tree, type);
    if (value == null) {
      throw new IllegalArgumentException("payload is JSON null, expected " + type.getSimpleName());
    }
    return value;
  }

  /**
   * @param bytes a payload
   * @return its JSON tree
   * @throws IllegalArgumentException when it is not one JSON value
   */
  static JsonNode parse(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("payload is null (a tombstone)");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("payload is empty, expected JSON");
    }
    try {
      JsonNode tree = PARSER.readTree(bytes);
      if (tree == null || tree.isMissingNode()) {
        throw new IllegalArgumentException("payload is blank, expected JSON");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload is not JSON: " + e.getOriginalMessage()
          + PayloadSchema.location(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("payload cannot be read as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ValidatingDecoder(" + schema.name() + " -> " + type.getSimpleName() + ")";
  }
}
