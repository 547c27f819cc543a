package io.tributary.asyncapi.codegen.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import java.util.Locale;
import java.util.Optional;

/** What the generated code takes from the protocol bindings of a channel or operation. */
final class Bindings {

  private Bindings() {}

  /**
   * The Kafka consumer group of a receive operation: its binding {@code groupId} (a schema with {@code const},
   * a single {@code enum} value, or a {@code default}), else the operation id.
   */
  static String kafkaGroupId(OperationModel op) {
    JsonNode groupId = op.bindings().getOrDefault("kafka", missing()).path("groupId");
    if (groupId.isMissingNode()) {
      return op.id();
    }
    String at = op.pointer() + "/bindings/kafka/groupId";
    if (groupId.isTextual()) {
      return groupId.asText();
    }
    if (groupId.has("const")) {
      return groupId.get("const").asText();
    }
    JsonNode values = groupId.path("enum");
    if (values.isArray() && values.size() == 1) {
      return values.get(0).asText();
    }
    if (values.isArray() && values.size() > 1) {
      throw new GenerationException(at, "the consumer group is one of " + values.size()
          + " values (enum): which one the generated runner joins is ambiguous; give one value (const or enum)");
    }
    if (groupId.has("default")) {
      return groupId.get("default").asText();
    }
    return op.id();
  }

  /** The AMQP channel binding, or a missing node. */
  static JsonNode amqp(ChannelModel channel) {
    return channel.bindings().getOrDefault("amqp", missing());
  }

  /** @return whether the channel is an AMQP exchange addressed by routing key ({@code is: routingKey}) */
  static boolean amqpIsRoutingKey(ChannelModel channel) {
    return "routingKey".equals(amqp(channel).path("is").asText("queue"));
  }

  /** @return the AMQP queue of an {@code is: queue} channel: its {@code queue.name}, else the address */
  static String amqpQueue(ChannelModel channel, String address) {
    JsonNode name = amqp(channel).path("queue").path("name");
    return name.isTextual() && !name.asText().isEmpty() ? name.asText() : address;
  }

  /**
   * @return the exchange of an {@code is: routingKey} channel
   * @throws GenerationException when the binding names none
   */
  static String amqpExchange(ChannelModel channel) {
    JsonNode name = amqp(channel).path("exchange").path("name");
    if (!name.isTextual() || name.asText().isEmpty()) {
      throw new GenerationException(channel.pointer() + "/bindings/amqp/exchange",
          "an AMQP channel with is: routingKey needs exchange.name (the exchange to publish to or bind a queue to)");
    }
    return name.asText();
  }

  /** @return the exchange's type ({@code topic}, {@code direct}...) when the binding gives it */
  static Optional<String> amqpExchangeType(ChannelModel channel) {
    JsonNode type = amqp(channel).path("exchange").path("type");
    return type.isTextual() && !type.asText().isEmpty() ? Optional.of(type.asText()) : Optional.empty();
  }

  /** @return a boolean of the AMQP {@code queue} (or {@code exchange}) binding object, or the default */
  static boolean amqpFlag(ChannelModel channel, String object, String field, boolean otherwise) {
    JsonNode value = amqp(channel).path(object).path(field);
    return value.isBoolean() ? value.asBoolean() : otherwise;
  }

  /** The NATS stream of a channel: its binding {@code x-stream} (or {@code stream}), written by Tributary's documents. */
  static Optional<String> natsStream(ChannelModel channel) {
    JsonNode nats = channel.bindings().getOrDefault("nats", missing());
    for (String field : new String[] {"x-stream", "stream"}) {
      if (nats.path(field).isTextual()) {
        return Optional.of(nats.path(field).asText());
      }
    }
    return Optional.empty();
  }

  /** @return a JetStream stream name from an address: {@code lights.measured} -> {@code LIGHTS_MEASURED} */
  static String streamNameOf(String address) {
    String name = address.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
    return name.isEmpty() ? "STREAM" : name;
  }

  /** The NATS durable consumer of a receive operation: its binding {@code queue} or {@code x-durable}, else its id. */
  static String natsDurable(OperationModel op) {
    JsonNode nats = op.bindings().getOrDefault("nats", missing());
    for (String field : new String[] {"x-durable", "queue"}) {
      if (nats.path(field).isTextual() && !nats.path(field).asText().isEmpty()) {
        return nats.path(field).asText();
      }
    }
    return op.id().replaceAll("[.*>\\s]", "_");
  }

  private static JsonNode missing() {
    return MissingNode.getInstance();
  }
}
