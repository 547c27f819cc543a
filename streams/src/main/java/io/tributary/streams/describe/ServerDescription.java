package io.tributary.streams.describe;

import io.tributary.streams.settings.Secrets;
import java.util.Objects;

/**
 * The server a channel lives on.
 *
 * @param protocol {@link #KAFKA}, {@link #AMQP}, {@link #NATS} or {@link #PEKKO} (an in-process hub)
 * @param host where it is, as the component was configured: {@code host:port[,host:port...]} for
 *     Kafka and NATS, {@code host:port/vhost} for AMQP (never credentials), the actor system's
 *     address for a hub
 */
public record ServerDescription(String protocol, String host) {

  /** Kafka brokers. */
  public static final String KAFKA = "kafka";
  /** A RabbitMQ broker (AMQP 0.9.1). */
  public static final String AMQP = "amqp";
  /** A NATS server. */
  public static final String NATS = "nats";
  /** An event hub inside an actor system (a local or clustered Pekko hub). */
  public static final String PEKKO = "pekko";

  /** Checks that both are given. */
  public ServerDescription {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(host, "host");
    host = Secrets.uri(host); // a description is printed and published: never with a password
  }
}
