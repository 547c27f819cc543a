package io.tributary.asyncapi.runtime;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.connectors.nats.NatsConnections;
import io.tributary.connectors.nats.NatsSink;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A {@link Publisher} to NATS JetStream over {@link NatsSink}: a send completes once a stream stored the
 * message (the JetStream publish acknowledgement); a subject no stream captures fails the send and the
 * publisher. The address of a {@link Publication} is the subject, its key travels in the header {@link
 * Publication#KEY_HEADER} (what {@code NatsSourceSettings} reads by default), its headers as NATS headers.
 * The publisher opens its own connection and closes it when it stops.
 *
 * @param <T> the payload type
 */
public final class NatsPublisher<T> extends StreamPublisher<T, Message> {

  private final String servers;
  private final PayloadEncoder<T> encoder;

  private NatsPublisher(ClassicActorSystemProvider system, String servers, Connection connection, String subject,
      PayloadEncoder<T> encoder, PublisherSettings settings) {
    super(system, "nats-publisher[" + subject + "]", subject, settings, p -> message(p, encoder),
        flow(connection, settings.maxInFlight()), () -> close(connection));
    this.servers = servers;
    this.encoder = encoder;
  }

  /**
   * Connects (failing with the connector's {@code NatsSetupException} when NATS cannot be reached within
   * {@code connectionTimeout}) and starts a publisher.
   *
   * @param system the actor system its stream runs on
   * @param servers one NATS URL or a comma-separated list, e.g. {@code nats://127.0.0.1:4222}
   * @param subject the subject {@link #send(Object)} publishes to (the address of the publisher)
   * @param encoder writes payloads
   * @param settings the bounds
   * @param connectionTimeout the bound on connecting, per server
   * @param <T> the payload type
   * @return the publisher, running
   */
  public static <T> NatsPublisher<T> create(ClassicActorSystemProvider system, String servers, String subject,
      PayloadEncoder<T> encoder, PublisherSettings settings, Duration connectionTimeout) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(encoder, "encoder");
    Connection connection = NatsConnections.connect(servers, connectionTimeout, "tributary-publisher-" + subject);
    try {
      return new NatsPublisher<>(system, servers, connection, subject, encoder, settings);
    } catch (RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  /** {@link #create(ClassicActorSystemProvider, String, String, PayloadEncoder, PublisherSettings, Duration)}
   * with the default bounds and a 5 s connection timeout. */
  public static <T> NatsPublisher<T> create(ClassicActorSystemProvider system, String servers, String subject,
      PayloadEncoder<T> encoder) {
    return create(system, servers, subject, encoder, PublisherSettings.defaults(), Duration.ofSeconds(5));
  }

  private static <T> Message message(Publication<T> p, PayloadEncoder<T> encoder) {
    Headers headers = new Headers();
    for (Map.Entry<String, String> h : p.headers().entrySet()) {
      headers.add(h.getKey(), h.getValue());
    }
    p.key().ifPresent(k -> headers.put(Publication.KEY_HEADER, k));
    return NatsMessage.builder().subject(p.address()).headers(headers.isEmpty() ? null : headers)
        .data(encoder.encode(p.payload())).build();
  }

  /** Carries each send as an envelope whose acknowledgement is the send itself, through the connector's sink. */
  private static Flow<Pending<Message>, Pending<Message>, NotUsed> flow(Connection connection, int maxInFlight) {
    return Flow.<Pending<Message>>create()
        .map(p -> new Envelope<>(null, p.message, List.of(), Instant.now(),
            new SourcePosition(p.message.getSubject(), 0, 0), p, null, null))
        .via(NatsSink.flow(connection, maxInFlight))
        .map(envelope -> {
          @SuppressWarnings("unchecked")
          Pending<Message> pending = (Pending<Message>) envelope.ack();
          return pending;
        });
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** @return the subject published to, as {@link NatsSink#describe(String, String, java.lang.reflect.Type)} has it */
  @Override
  public List<ChannelDescription> describe() {
    return List.of(NatsSink.describe(servers, address(), encoder.type()));
  }
}
