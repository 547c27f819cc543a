package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Subscription;
import io.tributary.streams.envelope.Envelope;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Backpressured sources of {@link Envelope}s from NATS. The main one reads a JetStream durable pull
 * consumer with at-least-once delivery:
 *
 * <pre>{@code
 * NatsSourceSettings<Order> settings = NatsSourceSettings.create(
 *     "nats://127.0.0.1:4222", "ORDERS", "billing", PayloadDecoder.json(Order.class));
 * Connection nats = NatsConnections.connect(settings.servers(), Duration.ofSeconds(5), "billing");
 * NatsDeadLetterSink<Order> deadLetters = NatsDeadLetterSink.create(nats, settings);
 * Pair<NatsControl, CompletionStage<Done>> running = NatsSource.create(system, settings, nats, deadLetters)
 *     .via(Processing.flow(ProcessingSettings.defaults(), billing::charge, deadLetters))
 *     .toMat(Processing.acknowledgeSink(), Keep.both())
 *     .run(system);
 * // later: running.first().drainAndShutdown(running.second(), executor), then nats.close()
 * }</pre>
 *
 * <p>{@link NatsRunner} wires all of this, with a graceful stop.
 *
 * <p><b>Demand.</b> The source sends a pull request only when downstream asks for an element and
 * nothing fetched is left, for at most {@code maxBatch} messages; the server answers as soon as it
 * has at least one. So the messages delivered and not acknowledged are at most what downstream holds
 * (the processing runner's buffer) plus one batch, and the consumer's {@code max_ack_pending} bounds
 * them on the server as well.
 *
 * <p><b>Envelopes.</b> Position {@code (stream, 0, stream sequence)}; key = the {@code
 * Tributary-Key} header (see {@link NatsSourceSettings#withKeyHeader}), or the message's subject when
 * it has none, so subject-per-entity naming ({@code orders.<customer>}) gives per-entity order; the
 * headers (one per value); the server's timestamp; the raw data; the ack handle, a {@link
 * NatsAcknowledgement} (ack sends {@code +ACK}; handlers may nak for redelivery).
 *
 * <p><b>Failures.</b> A payload the decoder rejects goes to the dead-letter subject with the reason
 * and is acknowledged; it never crashes the stream and never vanishes. So does a message delivered
 * more than the max-deliver limit. Fetch errors are retried while the connection reconnects; a
 * connection closed for good, or a deleted consumer, fails the stream.
 *
 * <p><b>Setup.</b> Both JetStream factories connect (or use the given connection), check the stream
 * (or create it, see {@link NatsSourceSettings#withCreateStream}), create or update the durable
 * consumer and check the dead-letter subject at once, failing with a {@link NatsSetupException} that
 * says what to do. The source is bound to that connection and consumer: materialize it once.
 */
public final class NatsSource {

  private NatsSource() {}

  /**
   * A JetStream source that owns its connection (closed by {@link NatsControl#shutdown()}) and
   * dead-letters undecodable payloads through a {@link NatsDeadLetterSink} of its own.
   *
   * @throws NatsSetupException when the server cannot be reached within the connection timeout, the
   *     stream is missing, or the consumer or dead-letter stream cannot be created
   */
  public static <T> Source<Envelope<T>, NatsControl> create(ClassicActorSystemProvider system,
      NatsSourceSettings<T> settings) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(settings, "settings");
    Connection connection = NatsConnections.connect(settings.servers(), settings.security(),
        settings.connectionTimeout(), "tributary-" + settings.stream() + "-" + settings.durable());
    try {
      ConsumerContext consumer = JetStreamSetup.prepare(connection, settings);
      NatsDeadLetterSink<T> deadLetters = NatsDeadLetterSink.create(connection, settings);
      return jetStream(settings, connection, consumer, deadLetters, true);
    } catch (RuntimeException e) {
      NatsConnections.closeQuietly(connection);
      throw e;
    }
  }

  /**
   * A JetStream source on a connection the caller owns (it stays open at shutdown), dead-lettering
   * undecodable payloads to {@code deadLetters}.
   *
   * @throws NatsSetupException when the stream is missing or the consumer cannot be created
   */
  public static <T> Source<Envelope<T>, NatsControl> create(ClassicActorSystemProvider system,
      NatsSourceSettings<T> settings, Connection connection, NatsDeadLetterSink<?> deadLetters) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(deadLetters, "deadLetters");
    ConsumerContext consumer = JetStreamSetup.prepare(connection, settings);
    return jetStream(settings, connection, consumer, deadLetters, false);
  }

  /** The JetStream source on a prepared consumer; {@code owns}: the control closes the connection. */
  static <T> Source<Envelope<T>, NatsControl> jetStream(NatsSourceSettings<T> settings,
      Connection connection, ConsumerContext consumer, NatsDeadLetterSink<?> deadLetters, boolean owns) {
    String name = settings.stream() + "/" + settings.durable();
    NatsSourceStage<T> stage = new NatsSourceStage<>(name,
        () -> new JetStreamFetcher(consumer, settings.fetchWait()),
        () -> new JetStreamConverter<>(settings, deadLetters),
        settings.maxBatch(), true, () -> NatsConnections.isClosed(connection));
    return Source.fromGraph(stage).mapMaterializedValue(handle ->
        new NatsControl(name, handle, connection, owns, settings.stream(), settings.durable()));
  }

  /**
   * A plain core-NATS subscription as a source: <b>at-most-once</b>. Core NATS has no
   * acknowledgement and no redelivery: a message published while nobody is subscribed, one the
   * client drops because more than the pending limit waited, and one still in flight at a stop or a
   * crash are gone. Envelopes carry a {@link NatsAcknowledgement} whose ack and nak only settle
   * locally; undecodable payloads are logged and dropped. For anything that must not be lost, use
   * {@link #create(ClassicActorSystemProvider, NatsSourceSettings) JetStream}.
   *
   * <p>Subscribes at once (before this method returns), so messages published after it are
   * received; the source owns the connection and the subscription: materialize it once.
   *
   * @throws NatsSetupException when the server cannot be reached within the connection timeout
   */
  public static <T> Source<Envelope<T>, NatsControl> coreSubscription(ClassicActorSystemProvider system,
      NatsCoreSettings<T> settings) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(settings, "settings");
    Connection connection = NatsConnections.connect(settings.servers(), settings.connectionTimeout(),
        "tributary-core-" + settings.subject());
    Subscription subscription;
    try {
      subscription = settings.queueGroup() == null
          ? connection.subscribe(settings.subject())
          : connection.subscribe(settings.subject(), settings.queueGroup());
      subscription.setPendingLimits(settings.pendingLimit(), -1);
      connection.flush(settings.connectionTimeout());
    } catch (TimeoutException | RuntimeException e) {
      NatsConnections.closeQuietly(connection);
      throw new NatsSetupException("cannot subscribe to '" + settings.subject() + "' on " + settings.servers()
          + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      NatsConnections.closeQuietly(connection);
      throw new NatsSetupException("interrupted while subscribing to '" + settings.subject() + "'", e);
    }
    String name = "core:" + settings.subject();
    CoreFetcher fetcher = new CoreFetcher(subscription, settings.fetchWait());
    NatsSourceStage<T> stage = new NatsSourceStage<>(name, () -> fetcher,
        () -> new CoreConverter<>(settings), settings.maxBatch(), false,
        () -> NatsConnections.isClosed(connection));
    return Source.fromGraph(stage).mapMaterializedValue(handle ->
        new NatsControl(name, handle, connection, true, null, null));
  }
}
