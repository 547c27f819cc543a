package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ReplyModel;
import io.tributary.streams.describe.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code operations}: traits merged, action checked, channel, messages and reply resolved. */
final class OperationReader {

  private final DocumentTree tree;
  private final ChannelReader channels;
  private final MessageReader messages;
  private final TraitMerger traits;
  private final BindingsReader bindings;

  /**
   * @param tree the document
   * @param channels the document's channels, read
   * @param messages reads messages a reply without channel names
   */
  OperationReader(DocumentTree tree, ChannelReader channels, MessageReader messages) {
    this.tree = tree;
    this.channels = channels;
    this.messages = messages;
    this.traits = new TraitMerger(tree);
    this.bindings = new BindingsReader(tree);
  }

  /**
   * @param operations the {@code operations} object, null when absent
   * @return the operations, in document order
   */
  List<OperationModel> readAll(JsonNode operations) {
    List<OperationModel> read = new ArrayList<>();
    for (Map.Entry<String, JsonNode> operation : Nodes.fields(operations, "#/operations", "operations")) {
      read.add(read(operation.getKey(), operation.getValue(), Pointers.child("#/operations", operation.getKey())));
    }
    return read;
  }

  private OperationModel read(String id, JsonNode node, String pointer) {
    DocumentTree.Located located = tree.resolve(node, pointer);
    TraitMerger.Merged operation = traits.merge(Nodes.object(located, "operation"), located.pointer());
    JsonNode merged = operation.node();
    Action action = action(merged, located.pointer());
    // the spec: an operation under #/operations names a channel under #/channels; one under components may not
    boolean underOperations = located.pointer().equals(pointer);
    ChannelModel channel = channels.referenced(merged.get("channel"), operation.pointerOf("channel"),
        underOperations);
    List<MessageModel> used = channels.messagesOf(channel, merged.get("messages"),
        operation.pointerOf("messages"));
    Optional<ReplyModel> reply = Optional.ofNullable(merged.get("reply")).filter(r -> !r.isNull())
        .map(r -> reply(r, operation.pointerOf("reply")));
    return new OperationModel(id, located.pointer(), action, channel, used, reply,
        bindings.read(merged.get("bindings"), operation.pointerOf("bindings")),
        Nodes.text(merged, "title"), Nodes.text(merged, "summary"), Nodes.text(merged, "description"));
  }

  private static Action action(JsonNode operation, String pointer) {
    String action = Nodes.requiredText(operation, "action", pointer);
    String at = Pointers.child(pointer, "action");
    return switch (action) {
      case "send" -> Action.SEND;
      case "receive" -> Action.RECEIVE;
      case "publish", "subscribe" -> throw new GenerationException(at, "'" + action + "' is an AsyncAPI 2"
          + " operation kind; an AsyncAPI 3 operation's action is 'send' or 'receive', seen from the"
          + " application the document describes");
      default -> throw new GenerationException(at, "the action must be 'send' or 'receive', was '" + action + "'");
    };
  }

  private ReplyModel reply(JsonNode node, String pointer) {
    DocumentTree.Located located = tree.resolve(node, pointer);
    JsonNode reply = Nodes.object(located, "reply");
    String at = located.pointer();
    Optional<ChannelModel> channel = Optional.ofNullable(reply.get("channel")).filter(c -> !c.isNull())
        .map(c -> channels.referenced(c, Pointers.child(at, "channel"), false));
    Optional<String> location = Optional.empty();
    JsonNode address = reply.get("address");
    if (address != null && !address.isNull()) {
      DocumentTree.Located addressAt = tree.resolve(address, Pointers.child(at, "address"));
      String expression = Nodes.requiredText(Nodes.object(addressAt, "reply address"), "location",
          addressAt.pointer());
      if (!expression.startsWith("$message.")) {
        throw new GenerationException(Pointers.child(addressAt.pointer(), "location"), "'location' must be a"
            + " runtime expression such as '$message.header#/replyTo', was '" + expression + "'");
      }
      location = Optional.of(expression);
    }
    String messagesPointer = Pointers.child(at, "messages");
    List<MessageModel> replies = channel.isPresent()
        ? channels.messagesOf(channel.get(), reply.get("messages"), messagesPointer)
        : messagesWithoutChannel(reply.get("messages"), messagesPointer);
    return new ReplyModel(at, channel, location, replies);
  }

  // a reply with a dynamic address and no channel: its messages are references to messages anywhere
  private List<MessageModel> messagesWithoutChannel(JsonNode list, String pointer) {
    List<MessageModel> read = new ArrayList<>();
    if (list == null || list.isNull()) {
      return read;
    }
    if (!list.isArray()) {
      throw new GenerationException(pointer, "'messages' must be a list of references to messages, was "
          + Nodes.kind(list));
    }
    for (int i = 0; i < list.size(); i++) {
      String at = Pointers.child(pointer, i);
      String target = Nodes.ref(list.get(i), at).orElseThrow(() -> new GenerationException(at,
          "a reply's message must be a reference ($ref) to a message"));
      DocumentTree.Located message = tree.resolve(list.get(i), at);
      read.add(messages.read(Pointers.lastKey(message.pointer()).orElse(target), message.node(),
          message.pointer()));
    }
    return read;
  }
}
