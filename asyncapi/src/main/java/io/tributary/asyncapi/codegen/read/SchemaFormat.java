package io.tributary.asyncapi.codegen.read;

import io.tributary.asyncapi.codegen.GenerationException;
import java.util.Locale;

/**
 * The {@code schemaFormat} of a multi-format schema: AsyncAPI schemas (3.x) and JSON Schema draft-07 are
 * read (also without a version parameter), the other formats the specification names (Avro, Protobuf, RAML,
 * OpenAPI) are refused.
 */
final class SchemaFormat {

  private SchemaFormat() {}

  /**
   * @param format the {@code schemaFormat} value, e.g. {@code application/vnd.aai.asyncapi+json;version=3.0.0}
   * @param pointer where it is
   * @throws GenerationException when the format is not supported
   */
  static void check(String format, String pointer) {
    String[] parts = format.toLowerCase(Locale.ROOT).replace(" ", "").split(";");
    String type = parts[0];
    String version = "";
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("version=")) {
        version = parts[i].substring("version=".length());
      }
    }
    switch (type) {
      case "application/vnd.aai.asyncapi", "application/vnd.aai.asyncapi+json",
          "application/vnd.aai.asyncapi+yaml" -> {
        if (!version.isEmpty() && !version.startsWith("3.")) {
          throw refuse(format, pointer, "AsyncAPI schemas of version '" + version + "'");
        }
      }
      case "application/schema+json", "application/schema+yaml" -> {
        if (!version.isEmpty() && !version.equals("draft-07")) {
          throw refuse(format, pointer, "JSON Schema '" + version + "'");
        }
      }
      case "application/vnd.apache.avro", "application/vnd.apache.avro+json",
          "application/vnd.apache.avro+yaml" -> throw refuse(format, pointer, "Avro schemas");
      case "application/vnd.google.protobuf" -> throw refuse(format, pointer, "Protobuf schemas");
      case "application/raml+yaml" -> throw refuse(format, pointer, "RAML data types");
      case "application/vnd.oai.openapi", "application/vnd.oai.openapi+json", "application/vnd.oai.openapi+yaml"
          -> throw refuse(format, pointer, "OpenAPI schemas");
      default -> throw refuse(format, pointer, "the schema format '" + format + "'");
    }
  }

  private static GenerationException refuse(String format, String pointer, String what) {
    return new GenerationException(pointer, what + " (schemaFormat '" + format + "') are not supported: the"
        + " generator reads JSON Schema draft-07 (application/schema+json;version=draft-07) and AsyncAPI"
        + " schemas (application/vnd.aai.asyncapi;version=3.0.0); write the payload in one of them");
  }
}
