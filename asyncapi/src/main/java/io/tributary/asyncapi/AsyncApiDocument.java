package io.tributary.asyncapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.tributary.streams.describe.ChannelDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An AsyncAPI {@value AsyncApi#VERSION} document built from descriptions ({@link AsyncApi#document}).
 * The same descriptions always give the same text: ids are derived from names, and everything whose
 * order means nothing is sorted, so a document can be checked in and compared in review.
 */
public final class AsyncApiDocument {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private final ObjectNode tree;

  private AsyncApiDocument(ObjectNode tree) {
    this.tree = tree;
  }

  static AsyncApiDocument of(String title, String version, String description, List<ChannelDescription> channels) {
    return new AsyncApiDocument(new DocumentWriter(JSON).write(title, version, description, channels));
  }

  /** @return a copy of the document as a Jackson tree */
  public ObjectNode tree() {
    return tree.deepCopy();
  }

  /** @return the document as YAML */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the document as YAML", e);
    }
  }

  /** @return the document as JSON, indented */
  public String toJson() {
    try {
      return JSON.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the document as JSON", e);
    }
  }

  /**
   * Writes the document to {@code file}: JSON when the name ends with {@code .json}, YAML otherwise.
   *
   * @param file the file (its directory is created when missing)
   * @return the file
   */
  public Path write(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, file.getFileName().toString().endsWith(".json") ? toJson() : toYaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return toYaml();
  }
}
