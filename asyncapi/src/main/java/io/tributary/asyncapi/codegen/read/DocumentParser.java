package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.tributary.asyncapi.codegen.GenerationException;

/** Parses a document's text, YAML or JSON, into a tree; a syntax error names its line and column. */
final class DocumentParser {

  // a duplicate key would silently drop a channel or an operation: refuse it instead
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  // YAML 1.1 reads unquoted on/off/yes/no as booleans; JSON Schema enums such as [on, off] mean strings.
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private DocumentParser() {}

  /**
   * @param text the document, JSON when it starts with <code>{</code>, else YAML (of which JSON is nearly a subset)
   * @return its tree
   * @throws GenerationException with pointer {@code #} when it cannot be parsed or is empty
   */
  static JsonNode parse(String text) {
    String trimmed = text.strip();
    boolean json = trimmed.startsWith("{");
    JsonNode root;
    try {
      root = (json ? JSON : YAML).readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new GenerationException("#", "the document is not valid " + (json ? "JSON" : "YAML") + where + ": "
          + e.getOriginalMessage().strip().replace(" in 'reader', ", " at "));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new GenerationException("#", "the document is empty");
    }
    return root;
  }
}
