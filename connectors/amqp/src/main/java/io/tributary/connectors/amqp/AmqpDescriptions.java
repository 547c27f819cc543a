package io.tributary.connectors.amqp;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.DeadLetterMessages;
import io.tributary.streams.describe.HeaderDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.ServerDescription;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The channel descriptions of AMQP runners and sinks. */
final class AmqpDescriptions {

  private AmqpDescriptions() {}

  /** The queue received from, and its dead-letter queue sent to. */
  static List<ChannelDescription> consumer(AmqpSourceSettings<?> settings) {
    AmqpConnectionSettings connection = settings.connection();
    ServerDescription server = server(connection.uri());
    String vhost = vhost(connection.uri());
    MessageDescription message = MessageDescription.of(settings.decoder());
    if (settings.keyHeader() != null) {
      message = message.withHeaders(List.of(new HeaderDescription(settings.keyHeader(),
          "The message key: messages with the same key are processed in order.")), true);
    }
    String who = "amqp-consumer[" + settings.queue() + "]";
    Map<String, Object> queue = new LinkedHashMap<>();
    queue.put("name", settings.queue());
    for (AmqpDeclaration d : settings.declarations()) {
      if (d instanceof AmqpDeclaration.Queue q && q.name().equals(settings.queue())) {
        queue.put("durable", q.durable());
        queue.put("exclusive", q.exclusive());
        queue.put("autoDelete", q.autoDelete());
      }
    }
    queue.put("vhost", vhost);
    String dlq = settings.deadLetterQueue(settings.queue());
    return List.of(
        ChannelDescription.receive(server, settings.queue(), message)
            .withChannelBindings(Map.of("is", "queue", "queue", queue))
            .withSummary(who),
        ChannelDescription.send(server, dlq, DeadLetterMessages.of(ServerDescription.AMQP))
            .withChannelBindings(Map.of("is", "queue", "queue", Map.of("name", dlq, "durable", true, "vhost", vhost)))
            .withSummary("dead letters of " + who));
  }

  /** Messages published to an exchange with a routing key (the default exchange: to the queue of that name). */
  static ChannelDescription producer(String uri, String exchange, String exchangeType, String routingKey,
      MessageDescription message) {
    String vhost = vhost(uri);
    Map<String, Object> bindings = new LinkedHashMap<>();
    if (exchange.isEmpty()) {
      bindings.put("is", "queue");
      bindings.put("queue", Map.of("name", routingKey, "vhost", vhost));
    } else {
      bindings.put("is", "routingKey");
      Map<String, Object> ex = new LinkedHashMap<>();
      ex.put("name", exchange);
      if (exchangeType != null) {
        ex.put("type", exchangeType);
      }
      ex.put("vhost", vhost);
      bindings.put("exchange", ex);
    }
    return ChannelDescription.send(server(uri), routingKey, message)
        .withChannelBindings(bindings)
        .withSummary("amqp-publisher[" + (exchange.isEmpty() ? "" : exchange + "/") + routingKey + "]");
  }

  /** @return the broker as {@code host:port}, without credentials */
  static ServerDescription server(String uri) {
    URI parsed = URI.create(uri);
    int port = parsed.getPort() > 0 ? parsed.getPort() : "amqps".equalsIgnoreCase(parsed.getScheme()) ? 5671 : 5672;
    return new ServerDescription(ServerDescription.AMQP, parsed.getHost() + ":" + port);
  }

  /** @return the virtual host of an AMQP URI ({@code /} when it has no path) */
  static String vhost(String uri) {
    String path = URI.create(uri).getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "/";
    }
    return URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
  }
}
