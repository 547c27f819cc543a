package io.tributary.asyncapi.codegen.model;

import java.util.List;
import java.util.Optional;

/**
 * An operation's reply (request/reply).
 *
 * @param pointer where it is, e.g. {@code #/operations/getUser/reply}
 * @param channel the channel replies go to, when the document names one
 * @param addressLocation a runtime expression naming where the reply address is in the request, e.g.
 *     {@code $message.header#/replyTo}, when the address is dynamic
 * @param messages the reply messages (the channel's messages when the reply names none)
 */
public record ReplyModel(String pointer, Optional<ChannelModel> channel, Optional<String> addressLocation,
    List<MessageModel> messages) {

  /** Copies the list. */
  public ReplyModel {
    messages = List.copyOf(messages);
  }
}
