package io.tributary.asyncapi.codegen.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.ParameterModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channels: those under {@code channels} (read once, shared by the operations that name them), and the
 * references operations and replies make to them and to their messages.
 */
final class ChannelReader {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final DocumentTree tree;
  private final Set<String> serverIds;
  private final MessageReader messages;
  private final BindingsReader bindings;
  private final Map<String, ChannelModel> rootChannels = new LinkedHashMap<>();
  // channels referenced from elsewhere than #/channels (by operations under components), by pointer
  private final Map<String, ChannelModel> otherChannels = new HashMap<>();

  /**
   * @param tree the document
   * @param serverIds the ids of the document's servers, that channels may name
   * @param messages reads the channels' messages
   */
  ChannelReader(DocumentTree tree, Set<String> serverIds, MessageReader messages) {
    this.tree = tree;
    this.serverIds = serverIds;
    this.messages = messages;
    this.bindings = new BindingsReader(tree);
  }

  /**
   * @param channels the {@code channels} object, null when absent
   * @return the channels, in document order
   */
  List<ChannelModel> readAll(JsonNode channels) {
    for (Map.Entry<String, JsonNode> channel : Nodes.fields(channels, "#/channels", "channels")) {
      String id = channel.getKey();
      rootChannels.put(id, read(id, channel.getValue(), Pointers.child("#/channels", id)));
    }
    return List.copyOf(rootChannels.values());
  }

  /**
   * The channel an operation or a reply names. An operation under {@code operations} must name one under
   * {@code channels} (a spec rule); one under {@code components}, and a reply, may name one anywhere.
   *
   * @param ref the {@code channel} field, a reference
   * @param pointer where it is
   * @param underChannelsOnly whether the channel must be one under {@code channels}
   * @return the channel
   */
  ChannelModel referenced(JsonNode ref, String pointer, boolean underChannelsOnly) {
    if (ref == null || ref.isNull()) {
      throw new GenerationException(pointer, "'channel' is required: a reference ($ref) to a channel under"
          + " #/channels");
    }
    String target = Nodes.ref(ref, pointer).orElseThrow(() -> new GenerationException(pointer,
        "'channel' must be a reference ($ref: '#/channels/<id>') to a channel, not a channel written in place"));
    String refPointer = Pointers.child(pointer, "$ref");
    if (!target.startsWith("#")) {
      tree.resolve(ref, pointer); // refuses the external reference
    }
    Optional<String> id = Pointers.keyUnder(target, "channels");
    if (id.isPresent()) {
      ChannelModel channel = rootChannels.get(id.get());
      if (channel == null) {
        throw new GenerationException(refPointer, "there is no channel '" + id.get() + "' under #/channels"
            + " (channels: " + String.join(", ", rootChannels.keySet()) + ")");
      }
      return channel;
    }
    if (underChannelsOnly) {
      throw new GenerationException(refPointer, "an operation under #/operations must reference a channel under"
          + " #/channels, not '" + target + "'");
    }
    DocumentTree.Located located = tree.resolve(ref, pointer);
    ChannelModel known = otherChannels.get(located.pointer());
    if (known != null) {
      return known;
    }
    ChannelModel channel = read(Pointers.lastKey(located.pointer()).orElse("channel"), located.node(),
        located.pointer());
    otherChannels.put(located.pointer(), channel);
    return channel;
  }

  /**
   * The messages an operation or a reply lists, which must be references to messages of its channel.
   *
   * @param channel the operation's or reply's channel
   * @param list the {@code messages} field, null when absent
   * @param pointer where it is
   * @return the messages (the channel's instances); all the channel's messages when the list is absent or empty
   */
  List<MessageModel> messagesOf(ChannelModel channel, JsonNode list, String pointer) {
    if (list == null || list.isNull() || list.isArray() && list.isEmpty()) {
      return channel.messages();
    }
    if (!list.isArray()) {
      throw new GenerationException(pointer, "'messages' must be a list of references to messages of channel '"
          + channel.id() + "', was " + Nodes.kind(list));
    }
    List<MessageModel> used = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = Pointers.child(pointer, i);
      String target = Nodes.ref(list.get(i), at).orElseThrow(() -> new GenerationException(at,
          "a message of an operation must be a reference ($ref) to a message of its channel, e.g. '"
              + messagesPrefix(channel).get(0) + "<id>'"));
      if (!target.startsWith("#")) {
        tree.resolve(list.get(i), at); // refuses the external reference
      }
      String key = messageKey(channel, target).orElseThrow(() -> new GenerationException(at, "'" + target
          + "' is not a message of channel '" + channel.id() + "': the messages of an operation must be"
          + " references to messages of its channel (" + messagesPrefix(channel).get(0) + "<id>)"));
      used.add(channel.messages().stream().filter(m -> m.id().equals(key)).findFirst()
          .orElseThrow(() -> new GenerationException(at, "channel '" + channel.id() + "' has no message '" + key
              + "' (its messages: " + String.join(", ", channel.messages().stream().map(MessageModel::id)
              .toList()) + ")")));
    }
    return used;
  }

  private Optional<String> messageKey(ChannelModel channel, String target) {
    Optional<List<String>> segments = Pointers.segments(target);
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    for (String prefix : messagesPrefix(channel)) {
      List<String> head = Pointers.segments(prefix).orElseThrow();
      head = head.subList(0, head.size() - 1); // the prefix ends with '/': an empty last segment
      List<String> s = segments.get();
      if (s.size() == head.size() + 1 && Pointers.startsWith(s, head)) {
        return Optional.of(s.get(head.size()));
      }
    }
    return Optional.empty();
  }

  // #/channels/<id>/messages/ for a channel under channels, and where its definition is when that is elsewhere
  private List<String> messagesPrefix(ChannelModel channel) {
    List<String> prefixes = new ArrayList<>();
    if (rootChannels.get(channel.id()) == channel) {
      prefixes.add(Pointers.child("#/channels", channel.id()) + "/messages/");
    }
    prefixes.add(channel.pointer() + "/messages/");
    return prefixes;
  }

  private ChannelModel read(String id, JsonNode node, String pointer) {
    DocumentTree.Located located = tree.resolve(node, pointer);
    JsonNode channel = Nodes.object(located, "channel");
    String at = located.pointer();
    JsonNode addressNode = channel.get("address");
    Optional<String> address;
    if (addressNode == null || addressNode.isNull()) {
      address = Optional.empty();
    } else if (addressNode.isTextual()) {
      address = Optional.of(addressNode.asText());
    } else {
      throw new GenerationException(Pointers.child(at, "address"), "'address' must be a string, or null for an"
          + " address known only at run time; was " + Nodes.kind(addressNode));
    }
    List<ParameterModel> parameters = parameters(channel.get("parameters"), address, at);
    List<MessageModel> carried = new ArrayList<>();
    String messagesPointer = Pointers.child(at, "messages");
    JsonNode messagesNode = channel.get("messages");
    if (messagesNode != null && !messagesNode.isNull()) {
      DocumentTree.Located map = tree.resolve(messagesNode, messagesPointer);
      for (Map.Entry<String, JsonNode> message : Nodes.fields(map.node(), map.pointer(), "messages")) {
        carried.add(messages.read(message.getKey(), message.getValue(),
            Pointers.child(map.pointer(), message.getKey())));
      }
    }
    return new ChannelModel(id, at, address, parameters, carried, servers(channel.get("servers"), at),
        bindings.read(channel.get("bindings"), Pointers.child(at, "bindings")), Nodes.text(channel, "description"));
  }

  private List<ParameterModel> parameters(JsonNode node, Optional<String> address, String channelPointer) {
    String pointer = Pointers.child(channelPointer, "parameters");
    Map<String, DocumentTree.Located> defined = new LinkedHashMap<>();
    if (node != null && !node.isNull()) {
      DocumentTree.Located map = tree.resolve(node, pointer);
      for (Map.Entry<String, JsonNode> parameter : Nodes.fields(map.node(), map.pointer(), "parameters")) {
        String at = Pointers.child(map.pointer(), parameter.getKey());
        defined.put(parameter.getKey(), tree.resolve(parameter.getValue(), at));
      }
    }
    Set<String> named = new LinkedHashSet<>();
    if (address.isPresent()) {
      Matcher placeholder = PLACEHOLDER.matcher(address.get());
      while (placeholder.find()) {
        named.add(placeholder.group(1));
      }
    }
    for (String name : named) {
      if (!defined.containsKey(name)) {
        throw new GenerationException(Pointers.child(channelPointer, "address"), "the address '" + address.get()
            + "' names the parameter {" + name + "}, but the channel defines no parameter '" + name
            + "' under 'parameters'");
      }
    }
    for (String name : defined.keySet()) {
      if (!named.contains(name)) {
        throw new GenerationException(Pointers.child(pointer, name), "the parameter '" + name + "' does not"
            + " appear in the channel's address " + address.map(a -> "'" + a + "'").orElse("(none)")
            + ": parameters are the {name} placeholders of the address");
      }
    }
    List<ParameterModel> parameters = new ArrayList<>();
    for (String name : named) {
      parameters.add(parameter(name, defined.get(name)));
    }
    return parameters;
  }

  private ParameterModel parameter(String name, DocumentTree.Located located) {
    JsonNode parameter = Nodes.object(located, "parameter");
    List<String> values = new ArrayList<>();
    JsonNode enumNode = parameter.get("enum");
    if (enumNode != null && !enumNode.isNull()) {
      if (!enumNode.isArray()) {
        throw new GenerationException(Pointers.child(located.pointer(), "enum"),
            "'enum' must be a list of strings, was " + Nodes.kind(enumNode));
      }
      enumNode.forEach(value -> values.add(value.asText()));
    }
    return new ParameterModel(name, Nodes.text(parameter, "description"), values,
        Nodes.text(parameter, "default"), Nodes.text(parameter, "location"));
  }

  private List<String> servers(JsonNode node, String channelPointer) {
    String pointer = Pointers.child(channelPointer, "servers");
    List<String> ids = new ArrayList<>();
    if (node == null || node.isNull()) {
      return ids;
    }
    if (!node.isArray()) {
      throw new GenerationException(pointer, "'servers' must be a list of references to servers, was "
          + Nodes.kind(node));
    }
    for (int i = 0; i < node.size(); i++) {
      String at = Pointers.child(pointer, i);
      String target = Nodes.ref(node.get(i), at).orElseThrow(() -> new GenerationException(at,
          "a channel's server must be a reference ($ref: '#/servers/<id>')"));
      if (!target.startsWith("#")) {
        tree.resolve(node.get(i), at); // refuses the external reference
      }
      String id = Pointers.keyUnder(target, "servers").filter(serverIds::contains)
          .orElseThrow(() -> new GenerationException(Pointers.child(at, "$ref"), "'" + target
              + "' is not a server of the document: a channel's servers must be references to servers under"
              + " #/servers (servers: " + String.join(", ", serverIds) + ")"));
      ids.add(id);
    }
    return ids;
  }
}
