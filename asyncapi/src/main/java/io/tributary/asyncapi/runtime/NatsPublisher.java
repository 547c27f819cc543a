package io.tributary.asyncapi.runtime;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.connectors.nats.NatsConnections;
import io.tributary.connectors.nats.NatsSetupException;
import io.tributary.connectors.nats.NatsSink;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.dispatch.Dispatchers;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A {@link Publisher} to NATS JetStream over {@link NatsSink}: a send completes once a stream stored the
 * message (the JetStream publish acknowledgement); a subject no stream captures fails the send and the
 * publisher. The address of a {@link Publication} is the subject, its key travels in the header {@link
 * Publication#KEY_HEADER} (what {@code NatsSourceSettings} reads by default), its headers as NATS headers.
 * The publisher opens its own connection and closes it when it stops.
 *
 * <p>With {@link NatsDelivery#JETSTREAM_OR_CORE} (what replies and requests use) a subject no stream
 * captures, such as a requester's {@code _INBOX.*} reply subject, is published through core NATS instead.
 *
 * @param <T> the payload type
 */
public final class NatsPublisher<T> extends StreamPublisher<T, Message> {

  private static final long JETSTREAM_ACK_SECONDS = 30;
  private static final long CORE_FLUSH_SECONDS = 10;

  private final String servers;
  private final PayloadEncoder<T> encoder;

  private NatsPublisher(ClassicActorSystemProvider system, String servers, Connection connection, String subject,
      PayloadEncoder<T> encoder, PublisherSettings settings, NatsDelivery delivery) {
    super(system, "nats-publisher[" + subject + "]", subject, settings, p -> message(p, encoder),
        delivery == NatsDelivery.JETSTREAM ? flow(connection, settings.maxInFlight())
            : streamOrCoreFlow(system, connection, settings.maxInFlight()), () -> close(connection));
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
    return create(system, servers, subject, encoder, settings, connectionTimeout, NatsDelivery.JETSTREAM);
  }

  /**
   * Connects (failing with the connector's {@code NatsSetupException} when NATS cannot be reached within
   * {@code connectionTimeout}) and starts a publisher that delivers as {@code delivery} says.
   *
   * @param system the actor system its stream runs on
   * @param servers one NATS URL or a comma-separated list, e.g. {@code nats://127.0.0.1:4222}
   * @param subject the subject {@link #send(Object)} publishes to (the address of the publisher)
   * @param encoder writes payloads
   * @param settings the bounds
   * @param connectionTimeout the bound on connecting, per server
   * @param delivery JetStream only, or JetStream where a stream captures the subject and core NATS elsewhere
   * @param <T> the payload type
   * @return the publisher, running
   */
  public static <T> NatsPublisher<T> create(ClassicActorSystemProvider system, String servers, String subject,
      PayloadEncoder<T> encoder, PublisherSettings settings, Duration connectionTimeout, NatsDelivery delivery) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(delivery, "delivery");
    Connection connection = NatsConnections.connect(servers, connectionTimeout, "tributary-publisher-" + subject);
    try {
      return new NatsPublisher<>(system, servers, connection, subject, encoder, settings, delivery);
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

  /**
   * Publishes each send through JetStream when a stream captures its subject, else through core NATS
   * (publish and flush, on the blocking dispatcher); a failure fails that send only, not the stream.
   */
  private static Flow<Pending<Message>, Pending<Message>, NotUsed> streamOrCoreFlow(
      ClassicActorSystemProvider system, Connection connection, int maxInFlight) {
    JetStream jetStream;
    try {
      jetStream = connection.jetStream();
    } catch (IOException e) {
      throw new NatsSetupException("cannot open JetStream on the NATS connection: " + e, e);
    }
    StreamSubjects streams = new StreamSubjects(connection);
    Executor blocking = system.classicSystem().dispatchers().lookup(Dispatchers.DefaultBlockingDispatcherId());
    return Flow.<Pending<Message>>create().mapAsync(maxInFlight, p -> {
      Message message = p.message;
      CompletableFuture<Boolean> captured = streams.isInbox(message.getSubject())
          ? CompletableFuture.completedFuture(false)
          : CompletableFuture.supplyAsync(() -> streams.captured(message.getSubject()), blocking);
      return captured
          .thenCompose(stream -> stream ? jetStreamPublish(jetStream, message)
              : CompletableFuture.runAsync(() -> corePublish(connection, message), blocking))
          .handle((done, error) -> {
            if (error != null) {
              p.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
            return p;
          });
    });
  }

  private static CompletableFuture<Void> jetStreamPublish(JetStream jetStream, Message message) {
    return jetStream.publishAsync(message).orTimeout(JETSTREAM_ACK_SECONDS, TimeUnit.SECONDS)
        .handle((ack, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                : error;
            throw new CompletionException(new IllegalStateException("JetStream publish to '" + message.getSubject()
                + "' was not acknowledged: " + cause, cause));
          }
          return null;
        });
  }

  private static void corePublish(Connection connection, Message message) {
    connection.publish(message);
    try {
      connection.flush(Duration.ofSeconds(CORE_FLUSH_SECONDS));
    } catch (TimeoutException e) {
      throw new IllegalStateException("NATS did not confirm the publish to '" + message.getSubject() + "' within "
          + CORE_FLUSH_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted publishing to '" + message.getSubject() + "'", e);
    }
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
