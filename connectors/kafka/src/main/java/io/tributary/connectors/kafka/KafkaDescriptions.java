package io.tributary.connectors.kafka;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.DeadLetterMessages;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.ServerDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The channel descriptions of Kafka runners and sinks. */
final class KafkaDescriptions {

  /** The record key: text (Tributary reads and writes keys as UTF-8). */
  static final Map<String, Object> TEXT_KEY = Map.of("key", Map.of("type", "string"));

  private KafkaDescriptions() {}

  /** Each topic received, and its dead-letter topic sent to. */
  static List<ChannelDescription> consumer(KafkaSourceSettings<?> settings) {
    ServerDescription server = new ServerDescription(ServerDescription.KAFKA, settings.bootstrapServers());
    MessageDescription message = MessageDescription.of(settings.decoder()).withBindings(TEXT_KEY);
    MessageDescription deadLetter = DeadLetterMessages.of(ServerDescription.KAFKA).withBindings(TEXT_KEY);
    String who = "kafka-consumer[" + String.join(",", settings.topics()) + "/" + settings.groupId() + "]";
    List<ChannelDescription> channels = new ArrayList<>();
    for (String topic : settings.topics()) {
      channels.add(ChannelDescription.receive(server, topic, message)
          .withChannelBindings(Map.of("topic", topic))
          .withOperationBindings(Map.of("groupId", Map.of("type", "string", "enum", List.of(settings.groupId()))))
          .withSummary(who));
      String dlq = settings.deadLetterTopic(topic);
      channels.add(ChannelDescription.send(server, dlq, deadLetter)
          .withChannelBindings(Map.of("topic", dlq))
          .withSummary("dead letters of " + who));
    }
    return channels;
  }

  /** A topic produced to. */
  static ChannelDescription producer(String bootstrapServers, String topic, Integer partitions,
      MessageDescription message) {
    Map<String, Object> bindings = new LinkedHashMap<>();
    bindings.put("topic", topic);
    if (partitions != null) {
      bindings.put("partitions", partitions);
    }
    return ChannelDescription.send(new ServerDescription(ServerDescription.KAFKA, bootstrapServers), topic, message)
        .withChannelBindings(bindings)
        .withSummary("kafka-producer[" + topic + "]");
  }
}
