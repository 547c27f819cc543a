package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.envelope.Envelope;
import java.lang.reflect.Type;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Publishes to NATS JetStream from a stream: an element counts as published only once the server
 * acknowledged it (the stream stored it), with up to {@code maxInFlight} publishes awaiting their
 * acknowledgement at once, in order. A publish that is not acknowledged (no stream captures the
 * subject, or 30 s pass) fails the stream. For envelopes, the source message is acknowledged only
 * after its publish was. Build messages with {@code NatsMessage.builder().subject(...).data(...)}.
 *
 * <pre>{@code
 * Connection nats = NatsConnections.connect("nats://127.0.0.1:4222", Duration.ofSeconds(5), "enricher");
 * source.via(Processing.flow(settings, order -> enrich(order), deadLetters))
 *     .map(envelope -> envelope.withPayload(NatsMessage.builder()
 *         .subject("orders.enriched").data(json(envelope.payload())).build()))
 *     .runWith(NatsSink.envelopes(nats, 256), system);   // ack at the source after the publish ack
 * }</pre>
 *
 * <p>The connection is the caller's: the sink never closes it.
 */
public final class NatsSink {

  private static final long PUBLISH_TIMEOUT_SECONDS = 30;

  private NatsSink() {}

  /**
   * Describes a sink that publishes JSON payloads of {@code payloadType} to {@code subject}, for a
   * service's document.
   *
   * @param servers the NATS servers, e.g. {@code nats://127.0.0.1:4222}
   * @param subject the subject
   * @param payloadType the type of the payloads, written as JSON
   * @return the {@code send} channel
   */
  public static ChannelDescription describe(String servers, String subject, Type payloadType) {
    return describe(servers, subject, null, MessageDescription.ofType(payloadType));
  }

  /**
   * Describes a sink that publishes {@code message} to {@code subject}.
   *
   * @param servers the NATS servers
   * @param subject the subject
   * @param keyHeader the header that carries the message key, or null
   * @param message the message
   * @return the {@code send} channel
   */
  public static ChannelDescription describe(String servers, String subject, String keyHeader,
      MessageDescription message) {
    return NatsDescriptions.producer(servers, subject, keyHeader, message);
  }

  /**
   * Publishes each message; the materialized stage completes once every one was acknowledged by
   * the server, or fails with the first publish that was not.
   */
  public static Sink<Message, CompletionStage<Done>> jetStream(Connection connection, int maxInFlight) {
    return publishFlow(connection, maxInFlight).toMat(Sink.ignore(), Keep.right());
  }

  /** Publishes each message and emits the server's acknowledgement (stream and sequence), in order. */
  public static Flow<Message, PublishAck, NotUsed> publishFlow(Connection connection, int maxInFlight) {
    JetStream jetStream = jetStream(connection);
    checkInFlight(maxInFlight);
    return Flow.<Message>create().mapAsync(maxInFlight, message -> publish(jetStream, message));
  }

  /**
   * Publishes each envelope's message and emits the envelope with the server's acknowledgement,
   * keeping the source acknowledgement for the next step.
   */
  public static Flow<Envelope<Message>, Envelope<PublishAck>, NotUsed> flow(Connection connection, int maxInFlight) {
    JetStream jetStream = jetStream(connection);
    checkInFlight(maxInFlight);
    return Flow.<Envelope<Message>>create().mapAsync(maxInFlight, envelope ->
        publish(jetStream, envelope.payload()).thenApply(envelope::withPayload));
  }

  /** Publishes each envelope's message, then acknowledges the envelope at its source. */
  public static Sink<Envelope<Message>, CompletionStage<Done>> envelopes(Connection connection, int maxInFlight) {
    return flow(connection, maxInFlight).toMat(Sink.foreach(Envelope::acknowledge), Keep.right());
  }

  private static CompletableFuture<PublishAck> publish(JetStream jetStream, Message message) {
    CompletableFuture<PublishAck> result = new CompletableFuture<>();
    CompletableFuture<PublishAck> publish;
    try {
      publish = jetStream.publishAsync(message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure(message, e));
    }
    publish.orTimeout(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((ack, error) -> {
      if (error == null) {
        result.complete(ack);
      } else {
        result.completeExceptionally(failure(message, error.getCause() != null ? error.getCause() : error));
      }
    });
    return result;
  }

  private static IllegalStateException failure(Message message, Throwable error) {
    return new IllegalStateException("JetStream publish to '" + message.getSubject() + "' was not acknowledged: "
        + error + "; does a stream capture the subject?", error);
  }

  private static JetStream jetStream(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    try {
      return connection.jetStream();
    } catch (IOException e) {
      throw new NatsSetupException("cannot open JetStream on the NATS connection: " + e, e);
    }
  }

  private static void checkInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
    }
  }
}
