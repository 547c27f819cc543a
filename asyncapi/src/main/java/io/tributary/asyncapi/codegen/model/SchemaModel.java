package io.tributary.asyncapi.codegen.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A schema (JSON Schema draft-07 or AsyncAPI's superset of it) as written in the document: nested
 * {@code $ref}s are left in place, to be followed with {@link DocumentTree#resolve}.
 *
 * @param pointer where the schema is (after following a top-level {@code $ref}), e.g. {@code
 *     #/components/schemas/lightMeasuredPayload}
 * @param schema the schema node (never itself a {@code $ref}; {@code schemaFormat} wrappers removed)
 * @param componentName the key under {@code components.schemas} when the schema is one, the name a
 *     generated type takes
 */
public record SchemaModel(String pointer, JsonNode schema, Optional<String> componentName) {}
