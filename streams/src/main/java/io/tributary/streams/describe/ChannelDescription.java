package io.tributary.streams.describe;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One channel a component uses, and how: the AsyncAPI channel, operation and message in neutral terms.
 *
 * @param server where the channel lives
 * @param address the Kafka topic, the AMQP queue (receive) or routing key (send), the NATS subject,
 *     the hub topic; {@code null} when it is not known before the component runs (a NATS stream
 *     consumed without a filter subject)
 * @param action whether the component receives or sends
 * @param message the message on the channel
 * @param channelBindings protocol-specific properties of the channel (Kafka: {@code topic}, {@code
 *     partitions}; AMQP: {@code is}, {@code queue}, {@code exchange}; NATS: {@code stream}), as plain
 *     maps and lists
 * @param operationBindings protocol-specific properties of the operation (Kafka: {@code groupId};
 *     NATS: {@code queue}, the queue group)
 * @param summary one line on what uses it, e.g. {@code kafka-consumer[orders/billing]}; may be empty
 */
public record ChannelDescription(ServerDescription server, String address, Action action,
    MessageDescription message, Map<String, Object> channelBindings, Map<String, Object> operationBindings,
    String summary) implements Describable {

  /** Checks and copies. */
  public ChannelDescription {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(message, "message");
    channelBindings = Map.copyOf(channelBindings);
    operationBindings = Map.copyOf(operationBindings);
    Objects.requireNonNull(summary, "summary");
  }

  /** @return a component receiving {@code message} from {@code address} on {@code server} */
  public static ChannelDescription receive(ServerDescription server, String address, MessageDescription message) {
    return new ChannelDescription(server, address, Action.RECEIVE, message, Map.of(), Map.of(), "");
  }

  /** @return a component sending {@code message} to {@code address} on {@code server} */
  public static ChannelDescription send(ServerDescription server, String address, MessageDescription message) {
    return new ChannelDescription(server, address, Action.SEND, message, Map.of(), Map.of(), "");
  }

  /** @return this channel alone: a description can stand for a component that uses one channel */
  @Override
  public List<ChannelDescription> describe() {
    return List.of(this);
  }

  /** @return a copy with these channel bindings */
  public ChannelDescription withChannelBindings(Map<String, Object> bindings) {
    return new ChannelDescription(server, address, action, message, bindings, operationBindings, summary);
  }

  /** @return a copy with these operation bindings */
  public ChannelDescription withOperationBindings(Map<String, Object> bindings) {
    return new ChannelDescription(server, address, action, message, channelBindings, bindings, summary);
  }

  /** @return a copy with another message */
  public ChannelDescription withMessage(MessageDescription newMessage) {
    return new ChannelDescription(server, address, action, newMessage, channelBindings, operationBindings, summary);
  }

  /** @return a copy with this summary */
  public ChannelDescription withSummary(String newSummary) {
    return new ChannelDescription(server, address, action, message, channelBindings, operationBindings, newSummary);
  }
}
