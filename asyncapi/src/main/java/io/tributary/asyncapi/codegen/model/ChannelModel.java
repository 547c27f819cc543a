package io.tributary.asyncapi.codegen.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A channel.
 *
 * @param id its key under {@code channels}
 * @param pointer where it is, e.g. {@code #/channels/lightingMeasured}
 * @param address its address (with {@code {parameter}} placeholders); empty when it is dynamic
 *     (unknown until run time, e.g. a reply address taken from a message)
 * @param parameters the address parameters, in order of appearance in the address
 * @param messages the messages it carries, in document order
 * @param serverIds the servers it is on; empty means all servers
 * @param bindings its bindings by protocol, resolved
 * @param description its description
 */
public record ChannelModel(String id, String pointer, Optional<String> address, List<ParameterModel> parameters,
    List<MessageModel> messages, List<String> serverIds, Map<String, JsonNode> bindings,
    Optional<String> description) {

  /** Copies the collections. */
  public ChannelModel {
    parameters = List.copyOf(parameters);
    messages = List.copyOf(messages);
    serverIds = List.copyOf(serverIds);
    bindings = Map.copyOf(bindings);
  }
}
