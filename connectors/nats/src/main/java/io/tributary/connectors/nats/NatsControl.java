package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.streams.lifecycle.SourceControl;
import io.tributary.streams.telemetry.MeterGroup;
import io.tributary.streams.telemetry.SourceTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controls a running {@link NatsSource}: stop intake, drain and shut down, and observe how many
 * messages are open. The materialized value of the source.
 *
 * <p>The graceful sequence is {@link #drainAndShutdown}: stop fetching (fetched messages not yet
 * emitted are nak'd, so they are redelivered at once), let the stream finish the messages it holds
 * (each acknowledged as its last step completes), flush the acknowledgements to the server, then
 * close the connection if the source owns it. {@link #abort()} is the opposite: it drops the
 * connection at once, as a crash would; the server redelivers every unacknowledged message after the
 * consumer's ack wait.
 */
public final class NatsControl implements SourceControl, SourceTelemetry {

  private static final Logger log = LoggerFactory.getLogger(NatsControl.class);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final String name;
  private final SourceHandle handle;
  private final Connection connection;
  private final boolean ownsConnection;
  private final String stream;
  private final String durable;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CompletableFuture<Done> shutdown = new CompletableFuture<>();

  NatsControl(String name, SourceHandle handle, Connection connection, boolean ownsConnection,
      String stream, String durable) {
    this.name = name;
    this.handle = handle;
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.stream = stream;
    this.durable = durable;
  }

  /**
   * Stops fetching: messages fetched and not yet emitted are nak'd, a running fetch request is
   * waited for (at most the fetch wait), then the source completes; messages already emitted can
   * still be acknowledged. Completes when the source has stopped.
   */
  @Override
  public CompletionStage<Done> stop() {
    return handle.stop();
  }

  /**
   * Stops fetching (if not yet), flushes the acknowledgements sent so far to the server, and closes
   * the connection if the source owns it. Messages still open are not acknowledged: the server
   * redelivers them after the ack wait. Runs once; later calls return the same stage.
   */
  @Override
  public CompletionStage<Done> shutdown() {
    if (shutdownStarted.compareAndSet(false, true)) {
      handle.stop().toCompletableFuture()
          .orTimeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .whenComplete((done, error) -> {
            if (error != null) {
              log.warn("NATS source {} did not stop within {} s; closing anyway", name, STOP_TIMEOUT_SECONDS);
            }
            Thread closer = new Thread(this::flushAndClose, "tributary-nats-close-" + name);
            closer.setDaemon(true);
            closer.start();
          });
    }
    return shutdown;
  }

  private void flushAndClose() {
    try {
      if (!NatsConnections.isClosed(connection)) {
        connection.flush(FLUSH_TIMEOUT);
      }
    } catch (TimeoutException | RuntimeException e) {
      log.warn("NATS source {}: flushing acknowledgements failed ({}); unflushed ones are redelivered", name,
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsConnection) {
      NatsConnections.closeQuietly(connection);
    }
    log.info("NATS source {} shut down: acknowledged={} nak'd={} open={}", name, acknowledged(), nakd(),
        openMessages());
    shutdown.complete(Done.getInstance());
  }

  /**
   * Closes the connection at once, without flushing or acknowledging anything — what a crash does:
   * the stream fails, and the server redelivers every unacknowledged message after the ack wait.
   */
  public void abort() {
    shutdownStarted.set(true);
    log.warn("NATS source {}: aborting, closing the connection with {} messages open", name, openMessages());
    NatsConnections.closeQuietly(connection);
    handle.stop();
    shutdown.complete(Done.getInstance());
  }

  /** Completes when {@link #shutdown()} or {@link #abort()} finished. */
  @Override
  public CompletionStage<Done> isShutdown() {
    return shutdown;
  }

  /**
   * @return messages fetched and not yet acknowledged or nak'd (emitted, or waiting to be); the same
   *     as {@link #inFlight()}
   */
  public long openMessages() {
    return handle.tracker.open();
  }

  /** @return messages fetched and not yet acknowledged or nak'd (emitted, or waiting to be) */
  @Override
  public long inFlight() {
    return handle.tracker.open();
  }

  /** @return the most messages that were open at once since the start: the backpressure bound in practice */
  public long maxOpenMessages() {
    return handle.tracker.highWater();
  }

  /** @return messages acknowledged since the start */
  @Override
  public long acknowledged() {
    return handle.tracker.acknowledgedCount();
  }

  /** @return messages nak'd since the start (handed back at a stop, or for redelivery) */
  public long nakd() {
    return handle.tracker.nakdCount();
  }

  /**
   * Asks the server about the durable consumer: {@code getNumAckPending()} (delivered, not
   * acknowledged), {@code getNumPending()} (not delivered yet), {@code getRedelivered()}.
   *
   * @throws IllegalStateException for a core-NATS subscription, or when the server does not answer
   */
  public ConsumerInfo consumerInfo() {
    if (stream == null) {
      throw new IllegalStateException("source " + name + " is a core-NATS subscription: it has no JetStream consumer");
    }
    try {
      return connection.jetStreamManagement().getConsumerInfo(stream, durable);
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("cannot read consumer '" + durable + "' of stream '" + stream + "': " + e, e);
    }
  }

  @Override
  public String protocol() {
    return "nats";
  }

  /** Pending acknowledgements (fetched, not yet acknowledged or nak'd) and nak'd messages. */
  @Override
  public AutoCloseable bindMeters(MeterRegistry registry, Tags tags) {
    return new MeterGroup(registry, tags)
        .gauge("tributary.nats.pending.acks", "messages fetched and not yet acknowledged or nak'd", this,
            NatsControl::openMessages)
        .counter("tributary.nats.nakd", "messages nak'd (for redelivery, or handed back at a stop)", this,
            NatsControl::nakd);
  }

  /** Attached while the connection is up and the source has not shut down. */
  @Override
  public Optional<String> notAttached() {
    if (shutdown.isDone()) {
      return Optional.of("shut down");
    }
    return connection.getStatus() == Connection.Status.CONNECTED ? Optional.empty()
        : Optional.of("connection " + connection.getStatus());
  }

  /** @return the connection the source fetches and acknowledges through */
  public Connection connection() {
    return connection;
  }

  /** @return the source's name for log lines, e.g. {@code ORDERS/billing} */
  public String name() {
    return name;
  }
}
