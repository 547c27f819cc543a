package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ServerModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an AsyncAPI 3.0.x or 3.1.x document (YAML or JSON) into the model code is generated from: every
 * {@code $ref} followed (inside the document only), message and operation traits merged, the spec's rules
 * on operations, channels and their addresses checked. What it cannot read, or what the generator does not
 * support, fails with a {@link GenerationException} naming the JSON pointer of the place. Tags, external
 * docs, security, correlation ids, examples and {@code x-} extensions are read past.
 */
public final class DocumentReader {

  private static final String DEFAULT_CONTENT_TYPE = "application/json";

  private DocumentReader() {}

  /**
   * @param text the document, YAML or JSON
   * @return the model of the document
   * @throws GenerationException when the document cannot be parsed, is invalid or uses what is not supported
   */
  public static ApiModel read(String text) {
    JsonNode root = DocumentParser.parse(text);
    String asyncapi = SpecVersion.check(root);
    DocumentTree tree = new DocumentTree(root);
    JsonNode info = root.get("info");
    if (info == null || !info.isObject()) {
      throw new GenerationException("#/info", "'info' (an object with title and version) is required");
    }
    String title = Nodes.requiredText(info, "title", "#/info");
    String version = Nodes.requiredText(info, "version", "#/info");
    String defaultContentType = Nodes.text(root, "defaultContentType").orElse(DEFAULT_CONTENT_TYPE);

    List<ServerModel> servers = new ServerReader(tree).readAll(root.get("servers"));
    Set<String> serverIds = new LinkedHashSet<>();
    servers.forEach(server -> serverIds.add(server.id()));
    MessageReader messages = new MessageReader(tree, defaultContentType);
    ChannelReader channelReader = new ChannelReader(tree, serverIds, messages);
    List<ChannelModel> channels = channelReader.readAll(root.get("channels"));
    List<OperationModel> operations = new OperationReader(tree, channelReader, messages)
        .readAll(root.get("operations"));
    return new ApiModel(asyncapi, title, version, Nodes.text(info, "description"), defaultContentType, servers,
        channels, operations, tree);
  }

  /**
   * @param file the document's file, YAML or JSON
   * @return the model of the document
   * @throws GenerationException when the document cannot be parsed, is invalid or uses what is not supported
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ApiModel read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the AsyncAPI document " + file + ": " + e.getMessage(), e);
    }
    return read(text);
  }
}
