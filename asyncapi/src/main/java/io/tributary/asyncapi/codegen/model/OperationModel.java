package io.tributary.asyncapi.codegen.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.streams.describe.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operation, its traits merged in.
 *
 * @param id its key under {@code operations}
 * @param pointer where it is, e.g. {@code #/operations/turnOn}
 * @param action {@code send} or {@code receive}, from the application's point of view
 * @param channel its channel
 * @param messages the messages it uses (the channel's messages when it names none)
 * @param reply its reply, for request/reply
 * @param bindings its bindings by protocol ({@code kafka}: {@code groupId}, {@code clientId}), resolved
 * @param title its title
 * @param summary its summary
 * @param description its description
 */
public record OperationModel(String id, String pointer, Action action, ChannelModel channel,
    List<MessageModel> messages, Optional<ReplyModel> reply, Map<String, JsonNode> bindings,
    Optional<String> title, Optional<String> summary, Optional<String> description) {

  /** Copies the collections. */
  public OperationModel {
    messages = List.copyOf(messages);
    bindings = Map.copyOf(bindings);
  }
}
