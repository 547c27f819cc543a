package io.tributary.asyncapi.codegen.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.SchemaModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link ApiModel} of a document by hand, as far as payload types need it: one channel
 * carrying every message under {@code components.messages}, each with its payload schema ({@code
 * $ref}s followed). Stands in for the document reader in these tests.
 */
final class TestModels {

  /** YAML 1.2 booleans only: {@code enum: [on, off]} are strings, as in the streetlights example. */
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
      .build();

  private TestModels() {}

  /** @return the model of a document on the test classpath, e.g. {@code /asyncapi/shipping.yaml} */
  static ApiModel resource(String path) {
    try (InputStream in = TestModels.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return text(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the model of a document given as YAML or JSON text */
  static ApiModel text(String document) {
    JsonNode root;
    try {
      root = YAML.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DocumentTree tree = new DocumentTree(root);
    String defaultContentType = root.path("defaultContentType").asText("application/json");
    List<MessageModel> messages = new ArrayList<>();
    root.path("components").path("messages").properties().forEach(e -> {
      String pointer = "#/components/messages/" + DocumentTree.escape(e.getKey());
      DocumentTree.Located message = tree.resolve(e.getValue(), pointer);
      JsonNode node = message.node();
      Optional<SchemaModel> payload = Optional.empty();
      if (node.has("payload")) {
        DocumentTree.Located schema = tree.resolve(node.get("payload"), message.pointer() + "/payload");
        String prefix = "#/components/schemas/";
        Optional<String> component = schema.pointer().startsWith(prefix)
            && schema.pointer().indexOf('/', prefix.length()) < 0
            ? Optional.of(schema.pointer().substring(prefix.length())) : Optional.empty();
        payload = Optional.of(new SchemaModel(schema.pointer(), schema.node(), component));
      }
      messages.add(new MessageModel(e.getKey(), message.pointer(), node.path("name").asText(e.getKey()),
          node.path("contentType").asText(defaultContentType), Optional.empty(), payload, Map.of(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(e.getKey())));
    });
    ChannelModel channel = new ChannelModel("test", "#/channels/test", Optional.of("test"), List.of(), messages,
        List.of(), Map.of(), Optional.empty());
    return new ApiModel(root.path("asyncapi").asText("3.0.0"), root.path("info").path("title").asText("test"),
        "1.0.0", Optional.empty(), defaultContentType, List.of(), List.of(channel), List.of(), tree);
  }

  /** @return the message of that id */
  static MessageModel message(ApiModel model, String id) {
    return model.channels().get(0).messages().stream().filter(m -> m.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no message " + id));
  }
}
