package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import java.util.regex.Pattern;

/** The {@code asyncapi} field: which versions of the specification the reader accepts (3.0.x, 3.1.x). */
final class SpecVersion {

  private static final Pattern SUPPORTED = Pattern.compile("3\\.[01]\\.\\d+");
  private static final String POINTER = "#/asyncapi";

  private SpecVersion() {}

  /**
   * @param root the parsed document
   * @return its version, e.g. {@code 3.0.0}
   * @throws GenerationException when the document is no AsyncAPI object or of a version not supported
   */
  static String check(JsonNode root) {
    if (!root.isObject()) {
      throw new GenerationException("#", "an AsyncAPI document must be an object (a YAML mapping or a JSON"
          + " object), was " + Nodes.kind(root));
    }
    JsonNode field = root.get("asyncapi");
    if (field == null || field.isNull()) {
      throw new GenerationException(POINTER, "the 'asyncapi' field is missing: this is no AsyncAPI document"
          + " (it starts with e.g. 'asyncapi: 3.0.0')");
    }
    if (!field.isValueNode()) {
      throw new GenerationException(POINTER, "'asyncapi' must be a version such as '3.0.0', was "
          + Nodes.kind(field));
    }
    String version = field.asText().strip();
    if (SUPPORTED.matcher(version).matches()) {
      return version;
    }
    if (version.startsWith("2.")) {
      throw new GenerationException(POINTER, "AsyncAPI 2 documents (here " + version + ") are not supported:"
          + " convert the document to AsyncAPI 3.0 with the AsyncAPI converter (asyncapi convert, of the"
          + " AsyncAPI CLI) and generate from the result");
    }
    throw new GenerationException(POINTER, "AsyncAPI version '" + version + "' is not supported: the generator"
        + " reads AsyncAPI 3.0.x and 3.1.x documents");
  }
}
