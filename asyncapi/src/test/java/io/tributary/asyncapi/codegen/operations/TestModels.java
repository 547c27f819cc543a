package io.tributary.asyncapi.codegen.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ParameterModel;
import io.tributary.asyncapi.codegen.model.ReplyModel;
import io.tributary.asyncapi.codegen.model.SchemaModel;
import io.tributary.asyncapi.codegen.model.ServerModel;
import io.tributary.asyncapi.codegen.types.PayloadType;
import io.tributary.asyncapi.codegen.types.SourceFile;
import io.tributary.streams.describe.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds document models by hand (the reader is another part's) and the payload types they use. */
final class TestModels {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String PACKAGE = "gen.ops";

  /** A record the tests compile with the generated code, and its schema. */
  static final SourceFile READING = new SourceFile(PACKAGE, "Reading",
      "package gen.ops;\n\n/** A sensor reading. @param sensor its sensor @param value its value */\n"
          + "public record Reading(String sensor, double value) {}\n");
  static final String READING_SCHEMA = "{\"type\":\"object\",\"required\":[\"sensor\",\"value\"],\"properties\":"
      + "{\"sensor\":{\"type\":\"string\"},\"value\":{\"type\":\"number\"}},\"additionalProperties\":false}";
  static final PayloadType READING_TYPE = new PayloadType("Reading", Optional.of("Reading"),
      PayloadType.Encoding.JSON, READING_SCHEMA);
  static final PayloadType TEXT = new PayloadType("String", Optional.of("String"), PayloadType.Encoding.TEXT, "{}");

  private TestModels() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ServerModel server(String id, String protocol, String host) {
    return new ServerModel(id, "#/servers/" + id, protocol, false, host, Optional.empty(), Optional.empty());
  }

  static MessageModel message(String id, String name) {
    return new MessageModel(id, "#/components/messages/" + id, name, "application/json", Optional.empty(),
        Optional.of(new SchemaModel("#/components/messages/" + id + "/payload", json(READING_SCHEMA),
            Optional.empty())), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(id));
  }

  static MessageModel deadLetter() {
    return new MessageModel("DeadLetter", "#/components/messages/DeadLetter", "DeadLetter",
        "application/octet-stream", Optional.of(new SchemaModel("#/components/messages/DeadLetter/headers",
            json("{\"type\":\"object\",\"properties\":{\"tributary.error.class\":{\"type\":\"string\"}}}"),
            Optional.empty())), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of("DeadLetter"));
  }

  static ChannelModel channel(String id, String address, List<MessageModel> messages, Map<String, JsonNode> bindings,
      ParameterModel... parameters) {
    return new ChannelModel(id, "#/channels/" + id, Optional.ofNullable(address), List.of(parameters), messages,
        List.of(), bindings, Optional.empty());
  }

  static OperationModel op(String id, Action action, ChannelModel channel) {
    return op(id, action, channel, Map.of(), Optional.empty());
  }

  static OperationModel op(String id, Action action, ChannelModel channel, Map<String, JsonNode> bindings,
      Optional<ReplyModel> reply) {
    return new OperationModel(id, "#/operations/" + id, action, channel, channel.messages(), reply, bindings,
        Optional.empty(), Optional.of("The " + id + " operation."), Optional.empty());
  }

  static ApiModel api(List<ServerModel> servers, List<ChannelModel> channels, List<OperationModel> operations) {
    return new ApiModel("3.0.0", "Test", "1.0.0", Optional.empty(), "application/json", servers, channels, operations,
        new DocumentTree(JSON.createObjectNode()));
  }

  /** @return the payload type of the tests' messages: text for a message named Text, else {@link #READING_TYPE} */
  static PayloadType types(MessageModel message) {
    return message.name().equals("Text") ? TEXT : READING_TYPE;
  }
}
