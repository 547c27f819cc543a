package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message for {@link AmqpSink} to publish: exchange, routing key, body, properties, and whether
 * it must be routed. Persistent and {@code mandatory} by default, so a message that reaches no
 * queue fails its element with an {@link AmqpPublishException} instead of vanishing.
 *
 * @param exchange the exchange ({@code ""} = the default exchange, which routes to the queue named
 *     by the routing key)
 * @param routingKey the routing key
 * @param body the payload bytes
 * @param properties the AMQP properties (headers, content type, delivery mode, message id, ...)
 * @param mandatory {@code true}: the broker returns the message if no queue is bound for it, and
 *     the publish fails; {@code false}: an unroutable message is confirmed and dropped by the broker
 */
public record OutgoingMessage(String exchange, String routingKey, byte[] body, AMQP.BasicProperties properties,
    boolean mandatory) {

  /** Validates. */
  public OutgoingMessage {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(properties, "properties");
  }

  /** @return a persistent, mandatory message to {@code exchange} with {@code routingKey} */
  public static OutgoingMessage of(String exchange, String routingKey, byte[] body) {
    return new OutgoingMessage(exchange, routingKey, body, MessageProperties.PERSISTENT_BASIC, true);
  }

  /** @return a persistent, mandatory message with a UTF-8 text body */
  public static OutgoingMessage of(String exchange, String routingKey, String body) {
    return of(exchange, routingKey, body.getBytes(StandardCharsets.UTF_8));
  }

  /** @return a persistent, mandatory message straight to {@code queue} (through the default exchange) */
  public static OutgoingMessage toQueue(String queue, byte[] body) {
    return of("", queue, body);
  }

  /** @return a copy with other properties */
  public OutgoingMessage withProperties(AMQP.BasicProperties newProperties) {
    return new OutgoingMessage(exchange, routingKey, body, newProperties, mandatory);
  }

  /** @return a copy that is (or is not) mandatory */
  public OutgoingMessage withMandatory(boolean newMandatory) {
    return new OutgoingMessage(exchange, routingKey, body, properties, newMandatory);
  }

  /** @return a copy with one more header (a String, Long, Integer, Boolean, byte[] or nested table) */
  public OutgoingMessage withHeader(String key, Object value) {
    Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>()
        : new HashMap<>(properties.getHeaders());
    headers.put(Objects.requireNonNull(key, "key"), value);
    return withProperties(properties.builder().headers(headers).build());
  }

  @Override
  public String toString() {
    return "OutgoingMessage(exchange='" + exchange + "', routingKey='" + routingKey + "', "
        + body.length + " bytes, mandatory=" + mandatory + ")";
  }
}
