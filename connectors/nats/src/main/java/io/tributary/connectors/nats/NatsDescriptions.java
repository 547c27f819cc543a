package io.tributary.connectors.nats;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.DeadLetterMessages;
import io.tributary.streams.describe.HeaderDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.ServerDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The channel descriptions of NATS runners and sinks. */
final class NatsDescriptions {

  private NatsDescriptions() {}

  /** The stream's subject received from, and the dead-letter subject sent to. */
  static List<ChannelDescription> consumer(NatsSourceSettings<?> settings) {
    ServerDescription server = server(settings.servers());
    MessageDescription message = MessageDescription.of(settings.decoder())
        .withHeaders(List.of(keyHeader(settings.keyHeader())), true);
    String address = settings.filterSubject()
        .orElse(settings.createStreamSubjects().size() == 1 ? settings.createStreamSubjects().get(0) : null);
    Map<String, Object> channel = new LinkedHashMap<>();
    channel.put("stream", settings.stream());
    if (address == null && !settings.createStreamSubjects().isEmpty()) {
      channel.put("subjects", settings.createStreamSubjects());
    }
    String who = "nats-consumer[" + settings.stream() + "/" + settings.durable() + "]";
    List<ChannelDescription> channels = new ArrayList<>();
    channels.add(ChannelDescription.receive(server, address, message)
        .withChannelBindings(channel)
        .withOperationBindings(Map.of("durable", settings.durable()))
        .withSummary(who));
    channels.add(ChannelDescription.send(server, settings.deadLetterSubject(),
            DeadLetterMessages.of(ServerDescription.NATS))
        .withSummary("dead letters of " + who));
    return channels;
  }

  /** Messages published to a subject. */
  static ChannelDescription producer(String servers, String subject, String keyHeader, MessageDescription message) {
    MessageDescription m = keyHeader == null ? message : message.withHeaders(List.of(keyHeader(keyHeader)), true);
    return ChannelDescription.send(server(servers), subject, m).withSummary("nats-publisher[" + subject + "]");
  }

  private static HeaderDescription keyHeader(String name) {
    return new HeaderDescription(name, "The message key: messages with the same key are processed in order.");
  }

  /** @return the servers as {@code host:port[,host:port...]} */
  static ServerDescription server(String servers) {
    List<String> hosts = new ArrayList<>();
    for (String s : servers.split(",")) {
      String h = s.trim().replaceFirst("^[a-z]+://", "");
      int at = h.lastIndexOf('@'); // never credentials
      hosts.add(at >= 0 ? h.substring(at + 1) : h);
    }
    return new ServerDescription(ServerDescription.NATS, String.join(",", hosts));
  }
}
