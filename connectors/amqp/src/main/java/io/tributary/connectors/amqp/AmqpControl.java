package io.tributary.connectors.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.tributary.streams.processing.DeadLetterSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.streams.lifecycle.SourceControl;
import io.tributary.streams.telemetry.MeterGroup;
import io.tributary.streams.telemetry.SourceTelemetry;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controls a running {@link AmqpSource}: stop intake, shut down, and observe the consumer. The
 * materialized value of the source.
 *
 * <p>The graceful sequence is {@link #drainAndShutdown}: {@link #stop()} cancels the consumer
 * ({@code basic.cancel}: the broker sends nothing more), the source emits what it holds and
 * completes, the stream finishes and acknowledges what it holds, and then {@link #shutdown()}
 * closes the channel and connection — any message still unacknowledged then returns to the queue.
 * After {@code stop()} the connection stays open for acknowledgements until {@code shutdown()};
 * when the stream fails or is cancelled the connection is closed at once.
 */
public final class AmqpControl implements SourceControl, SourceTelemetry {

  private static final Logger log = LoggerFactory.getLogger(AmqpControl.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final AmqpSourceSettings<?> settings;
  private final DeadLetterSink<?> deadLetters;
  private final boolean ownsDeadLetters;
  final SourceCounters counters = new SourceCounters();
  /** Connects, cancels and closes: every blocking broker call of the source, in order, off the stream. */
  private final ExecutorService io;
  private final AtomicReference<ConsumerSession> session = new AtomicReference<>();
  private final AtomicInteger sessionIds = new AtomicInteger();
  private final CompletableFuture<Done> ready = new CompletableFuture<>();
  private final CompletableFuture<Done> intakeStopped = new CompletableFuture<>();
  private final CompletableFuture<Done> shutDown = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean ending;
  private volatile Consumer<SourceEvent> stage = event -> {};

  AmqpControl(AmqpSourceSettings<?> settings, DeadLetterSink<?> deadLetters, boolean ownsDeadLetters) {
    this.settings = settings;
    this.deadLetters = deadLetters;
    this.ownsDeadLetters = ownsDeadLetters;
    this.io = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tributary-amqp-source-" + settings.queue() + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  // ---- used by the stage ----

  void attach(Consumer<SourceEvent> events) {
    this.stage = events;
  }

  /** Opens a session on the io thread; reports Connected (before consuming starts) or ConnectFailed. */
  <T> void openSession(AmqpSourceSettings<T> source, Consumer<SourceEvent> events) {
    runOnIo(() -> {
      if (ending) {
        return;
      }
      Connection connection;
      try {
        connection = AmqpConnections.connect(source.connection(), "consumer-" + source.queue());
      } catch (RuntimeException e) {
        events.accept(new SourceEvent.ConnectFailed(e));
        return;
      }
      String where = source.connection().maskedUri();
      try {
        Channel channel = connection.createChannel();
        if (source.declarations().isEmpty()) {
          AmqpConnections.requireQueue(channel, source.queue(), where);
        } else {
          AmqpConnections.declare(channel, source.declarations(), where);
        }
        channel.basicQos(source.prefetch(), false);
        ConsumerSession fresh = new ConsumerSession(sessionIds.incrementAndGet(), connection, channel, counters);
        channel.addShutdownListener(cause -> {
          fresh.markDead();
          events.accept(new SourceEvent.Lost(fresh, cause));
        });
        session.set(fresh);
        events.accept(new SourceEvent.Connected(fresh)); // before any delivery of it
        fresh.consumerTag = channel.basicConsume(source.queue(), false, "", false, false, null,
            new DeliveryConsumer<>(fresh, source, deadLetters, counters, events));
        if (ready.complete(Done.getInstance())) {
          log.info("amqp-source[{}]: consuming from {} (prefetch {})", source.queue(), where, source.prefetch());
        }
        if (ending) {
          fresh.close(rpcMillis());
        }
      } catch (IOException | RuntimeException e) {
        AmqpConnections.closeQuietly(connection, 1_000);
        RuntimeException error = e instanceof AmqpSetupException setup ? setup
            : new AmqpSetupException("cannot consume from queue '" + source.queue() + "' on " + where + ": "
                + describe(e) + "; check the queue's name and that no exclusive consumer holds it", e);
        events.accept(new SourceEvent.ConnectFailed(error));
      }
    }, events);
  }

  private static String describe(Exception e) {
    var signal = AmqpConnections.signalOf(e);
    return signal != null ? AmqpConnections.describe(signal) : e.toString();
  }

  /** Sends basic.cancel on the io thread; a failure counts as cancelled (the channel is gone). */
  void cancel(ConsumerSession s, Consumer<SourceEvent> events) {
    runOnIo(() -> {
      try {
        if (s.live() && s.consumerTag != null) {
          s.channel.basicCancel(s.consumerTag); // CancelOk follows through the consumer
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.debug("basic.cancel on {} failed: {}", s, e.toString());
      }
      events.accept(new SourceEvent.CancelOk(s));
    }, events);
  }

  /** Closes a session that was lost or replaced, on the io thread. */
  void closeSession(ConsumerSession s) {
    session.compareAndSet(s, null);
    try {
      io.execute(() -> s.close(1_000));
    } catch (RejectedExecutionException e) {
      s.close(1_000);
    }
  }

  /** Intake ended (the broker confirmed basic.cancel, or no channel was open): {@link #stop()} completes. */
  void intakeStopped() {
    intakeStopped.complete(Done.getInstance());
  }

  /** The stage stopped; {@code graceful}: after stop(), the connection stays open for acknowledgements. */
  void stageStopped(boolean graceful, Throwable failure) {
    intakeStopped.complete(Done.getInstance());
    if (failure != null) {
      ready.completeExceptionally(failure);
    } else {
      ready.completeExceptionally(new IllegalStateException("the source stopped before it started consuming"));
    }
    if (!graceful) {
      closeAll();
    }
  }

  private void runOnIo(Runnable task, Consumer<SourceEvent> events) {
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) {
      events.accept(new SourceEvent.ConnectFailed(new IllegalStateException("the source was shut down", e)));
    }
  }

  boolean ending() {
    return ending;
  }

  boolean consumedBefore() {
    return ready.isDone() && !ready.isCompletedExceptionally();
  }

  private int rpcMillis() {
    return (int) Math.min(Integer.MAX_VALUE, settings.connection().rpcTimeout().toMillis());
  }

  private CompletionStage<Done> closeAll() {
    ending = true;
    if (closing.compareAndSet(false, true)) {
      try {
        io.execute(() -> {
          ConsumerSession s = session.getAndSet(null);
          int unacknowledged = s == null ? 0 : s.unacknowledged.get();
          if (s != null) {
            s.close(rpcMillis());
          }
          if (ownsDeadLetters && deadLetters instanceof AmqpDeadLetterSink<?> amqp) {
            amqp.close();
          }
          log.info("amqp-source[{}]: closed; {} unacknowledged messages return to the queue", settings.queue(),
              unacknowledged);
          shutDown.complete(Done.getInstance());
        });
        io.shutdown();
      } catch (RejectedExecutionException e) {
        shutDown.complete(Done.getInstance());
      }
    }
    return shutDown;
  }

  // ---- public API ----

  /**
   * Completes once the consumer is attached to the queue for the first time (the connection is
   * open, the declarations done, {@code basic.consume} confirmed); fails with an {@link
   * AmqpSetupException} that says what is wrong (broker unreachable, bad credentials, declaration
   * conflict, missing queue), within the connection timeout plus the RPC timeout.
   */
  @Override
  public CompletionStage<Done> ready() {
    return ready;
  }

  /**
   * Stops intake: cancels the consumer ({@code basic.cancel}); the source then emits the
   * deliveries it holds and completes. Acknowledgements still work until {@link #shutdown()}.
   * Completes when the broker confirmed the cancel (or the source had ended).
   */
  @Override
  public CompletionStage<Done> stop() {
    stage.accept(new SourceEvent.StopRequested());
    return intakeStopped;
  }

  /**
   * Ends the source now (if it still runs) and closes its channel and connection (and the
   * dead-letter sink it created): unacknowledged messages return to the queue. Completes when
   * closed.
   */
  @Override
  public CompletionStage<Done> shutdown() {
    ending = true;
    stage.accept(new SourceEvent.EndRequested(null));
    return closeAll();
  }

  /**
   * Drops the connection abruptly, without a close handshake — what a crash or a network failure
   * looks like to the broker — and fails the source with an {@link AmqpConnectionLostException}.
   * Unacknowledged messages return to the queue and are delivered again. For tests and emergency
   * stops.
   */
  public void abort() {
    ending = true;
    ConsumerSession s = session.get();
    if (s != null) {
      s.abort();
    }
    stage.accept(new SourceEvent.EndRequested(new AmqpConnectionLostException(
        "amqp-source[" + settings.queue() + "]: connection aborted through AmqpControl.abort()", null)));
    closeAll();
  }

  /** Completes once the channel and connection are closed. */
  @Override
  public CompletionStage<Done> isShutdown() {
    return shutDown;
  }

  @Override
  public String protocol() {
    return "amqp";
  }

  /** Unacknowledged deliveries, deliveries, redeliveries, requeues, rejections, undecodable ones, recoveries. */
  @Override
  public AutoCloseable bindMeters(MeterRegistry registry, Tags tags) {
    return new MeterGroup(registry, tags)
        .gauge("tributary.amqp.unacknowledged", "deliveries held and not settled (at most the prefetch)", this,
            AmqpControl::unacknowledged)
        .counter("tributary.amqp.delivered", "deliveries received (redeliveries and undecodable ones too)", this,
            AmqpControl::delivered)
        .counter("tributary.amqp.redelivered", "deliveries the broker flagged as redelivered", this,
            AmqpControl::redelivered)
        .counter("tributary.amqp.requeued", "messages requeued", this, AmqpControl::requeued)
        .counter("tributary.amqp.rejected", "messages rejected", this, AmqpControl::rejected)
        .counter("tributary.amqp.undecodable", "undecodable deliveries sent to the dead-letter queue", this,
            AmqpControl::undecodable)
        .counter("tributary.amqp.recoveries", "reconnections after a lost connection", this,
            AmqpControl::recoveries);
  }

  /** Attached while a channel is open and consuming. */
  @Override
  public Optional<String> notAttached() {
    return isConnected() ? Optional.empty() : Optional.of("not consuming (connecting or recovering)");
  }

  /** @return true while a channel is open and consuming (false while reconnecting) */
  public boolean isConnected() {
    ConsumerSession s = session.get();
    return s != null && s.live();
  }

  /** @return the queue consumed */
  public String queue() {
    return settings.queue();
  }

  /** @return deliveries received since the start (redeliveries included, undecodable ones too) */
  public long delivered() {
    return counters.delivered.sum();
  }

  /** @return deliveries the broker flagged as redelivered */
  public long redelivered() {
    return counters.redelivered.sum();
  }

  /** @return messages acknowledged ({@code basic.ack} sent) */
  @Override
  public long acknowledged() {
    return counters.acknowledged.sum();
  }

  /** @return messages requeued with {@link AmqpAcknowledgement#requeue()} */
  public long requeued() {
    return counters.requeued.sum();
  }

  /** @return messages rejected with {@link AmqpAcknowledgement#reject()} */
  public long rejected() {
    return counters.rejected.sum();
  }

  /** @return undecodable deliveries sent to the dead-letter queue */
  public long undecodable() {
    return counters.undecodable.sum();
  }

  /**
   * @return acknowledgements dropped because the channel of their delivery was gone (the broker
   *     requeued those messages and delivers them again)
   */
  public long staleAcknowledgements() {
    return counters.stale.sum();
  }

  /** @return times the source reconnected after a lost connection */
  public long recoveries() {
    return counters.recoveries.sum();
  }

  /**
   * @return deliveries the consumer holds now without having settled them (at most the prefetch); the
   *     same as {@link #inFlight()}
   */
  public long unacknowledged() {
    ConsumerSession s = session.get();
    return s == null ? 0 : s.unacknowledged.get();
  }

  /** @return deliveries the consumer holds now without having settled them (at most the prefetch) */
  @Override
  public long inFlight() {
    return unacknowledged();
  }

  /** @return the most unacknowledged deliveries the consumer held at any time (never above the prefetch) */
  public long maxUnacknowledged() {
    return counters.maxUnacknowledged();
  }
}
