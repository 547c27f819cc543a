package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes with publisher confirms on one channel of its own connection. Every channel operation
 * runs on one thread of its own (connect, declare, publish, close), in call order, so callers
 * never block on the socket and publish sequence numbers need no lock. A publish completes when
 * the broker confirmed it, and fails when it is returned (mandatory, unroutable), nacked, not
 * confirmed within the confirm timeout, or its connection is lost first. After a lost connection
 * the next call reconnects.
 *
 * <p>Returns are matched to their publish through the header {@value #SEQUENCE_HEADER} (the
 * channel's publish sequence number), added to mandatory messages only.
 */
final class ConfirmingPublisher implements AutoCloseable {

  /** The header that correlates a returned mandatory message with its publish. */
  static final String SEQUENCE_HEADER = "tributary.publish.seq";

  private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final AmqpConnectionSettings settings;
  private final String purpose;
  private final Duration confirmTimeout;
  private final ScheduledExecutorService thread;
  /** Work for {@link #thread}, drained in a loop: a burst of publishes costs one wake-up, not one each. */
  private final ConcurrentLinkedQueue<Runnable> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Declared on every (re)connect; grows with {@link #declare}. Touched on {@link #thread} only. */
  private final List<AmqpDeclaration> declarations;
  private Connection connection;
  private Lane lane;
  private boolean closed;

  ConfirmingPublisher(AmqpConnectionSettings settings, List<AmqpDeclaration> declarations, String purpose,
      Duration confirmTimeout) {
    this.settings = settings;
    this.purpose = purpose;
    this.confirmTimeout = confirmTimeout;
    this.declarations = new ArrayList<>(declarations);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tributary-amqp-" + purpose + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    long sweep = Math.max(50, confirmTimeout.toMillis() / 10);
    thread.scheduleWithFixedDelay(this::failOverdue, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** Runs on {@link #thread}: fails the publishes whose confirm is overdue (the oldest come first). */
  private void failOverdue() {
    Lane current = lane;
    if (current == null) {
      return;
    }
    long now = System.nanoTime();
    for (var it = current.pending.values().iterator(); it.hasNext();) {
      Pending p = it.next();
      if (now - p.publishedAt < confirmTimeout.toNanos()) {
        return;
      }
      it.remove();
      p.result.completeExceptionally(new AmqpPublishException("no confirm from " + settings.maskedUri()
          + " within " + confirmTimeout.toMillis() + " ms for " + p.message + "; it may or may not have "
          + "been stored (is the broker overloaded or blocked by a resource alarm?)",
          p.message.exchange(), p.message.routingKey(), new TimeoutException()));
    }
  }

  /** One channel and the publishes waiting for its confirms. */
  private final class Lane {
    final Channel channel;
    final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
    volatile boolean open = true;

    Lane(Channel channel) {
      this.channel = channel;
    }

    void confirmed(long tag, boolean multiple, boolean ack) {
      if (multiple) {
        NavigableMap<Long, Pending> head = pending.headMap(tag, true);
        for (Pending p : head.values()) {
          settle(p, ack);
        }
        head.clear();
      } else {
        Pending p = pending.remove(tag);
        if (p != null) {
          settle(p, ack);
        }
      }
    }

    private void settle(Pending p, boolean ack) {
      if (ack) {
        p.result.complete(Done.getInstance());
      } else {
        p.result.completeExceptionally(new AmqpPublishException("the broker nacked the publish of " + p.message
            + " (an internal error, or a queue with overflow=reject-publish is full); it was not stored",
            p.message.exchange(), p.message.routingKey(), null));
      }
    }

    void returned(Return ret) {
      Object seq = ret.getProperties().getHeaders() == null ? null
          : ret.getProperties().getHeaders().get(SEQUENCE_HEADER);
      Pending p = seq instanceof Number n ? pending.remove(n.longValue()) : null;
      String what = "message to exchange '" + ret.getExchange() + "' with routing key '" + ret.getRoutingKey()
          + "' was returned as unroutable (" + ret.getReplyCode() + " " + ret.getReplyText() + ")";
      if (p == null) {
        log.warn("{} on {}; no pending publish matches it", what, purpose);
        return;
      }
      p.result.completeExceptionally(new AmqpPublishException(what + ": no queue is bound for it; declare "
          + "a queue and binding for this routing key (AmqpDeclaration.binding), or publish with "
          + "mandatory=false to let the broker drop such messages", ret.getExchange(), ret.getRoutingKey(), null));
    }

    void lost(ShutdownSignalException cause) {
      open = false;
      if (!pending.isEmpty()) {
        log.warn("{}: channel closed with {} unconfirmed publishes: {}", purpose, pending.size(),
            AmqpConnections.describe(cause));
      }
      for (Pending p : pending.values()) {
        p.result.completeExceptionally(new AmqpPublishException("the connection to " + settings.maskedUri()
            + " was lost before the broker confirmed " + p.message + " (" + AmqpConnections.describe(cause)
            + "); it may or may not have been stored", p.message.exchange(), p.message.routingKey(), cause));
      }
      pending.clear();
    }
  }

  private record Pending(OutgoingMessage message, CompletableFuture<Done> result, long publishedAt) {}

  /** Connects and declares now (otherwise the first publish does); fails with an {@link AmqpSetupException}. */
  CompletionStage<Done> open() {
    return submit(() -> {
      ensureOpen();
      return Done.getInstance();
    });
  }

  /** Declares {@code more} now and again on every reconnect. */
  CompletionStage<Done> declare(List<AmqpDeclaration> more) {
    return submit(() -> {
      ensureOpen();
      AmqpConnections.declare(lane.channel, more, settings.maskedUri());
      declarations.addAll(more);
      return Done.getInstance();
    });
  }

  /** Publishes; completes when the broker confirmed the message (see the class comment for failures). */
  CompletionStage<Done> publish(OutgoingMessage message) {
    CompletableFuture<Done> result = new CompletableFuture<>();
    try {
      run(() -> publishNow(message, result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new AmqpPublishException("publisher " + purpose + " is closed; cannot publish "
          + message, message.exchange(), message.routingKey(), e));
      return result;
    }
    return result;
  }

  private void publishNow(OutgoingMessage message, CompletableFuture<Done> result) {
    if (closed) {
      result.completeExceptionally(new AmqpPublishException("publisher " + purpose + " is closed; cannot publish "
          + message, message.exchange(), message.routingKey(), null));
      return;
    }
    Lane current;
    try {
      ensureOpen();
      current = lane;
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    long seq = current.channel.getNextPublishSeqNo();
    AMQP.BasicProperties properties = message.properties();
    if (message.mandatory()) {
      Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>(4)
          : new HashMap<>(properties.getHeaders());
      headers.put(SEQUENCE_HEADER, seq);
      properties = properties.builder().headers(headers).build();
    }
    current.pending.put(seq, new Pending(message, result, System.nanoTime()));
    try {
      current.channel.basicPublish(message.exchange(), message.routingKey(), message.mandatory(), properties,
          message.body());
    } catch (IOException | AlreadyClosedException e) {
      current.pending.remove(seq);
      result.completeExceptionally(new AmqpPublishException("publishing " + message + " to "
          + settings.maskedUri() + " failed: " + e, message.exchange(), message.routingKey(), e));
    }
  }

  /** Runs on {@link #thread}: opens a connection and a confirming channel unless one is open. */
  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("publisher " + purpose + " is closed");
    }
    if (lane != null && lane.open && lane.channel.isOpen()) {
      return;
    }
    AmqpConnections.closeQuietly(connection, 1_000);
    connection = null;
    lane = null;
    Connection opened = AmqpConnections.connect(settings, purpose);
    try {
      Channel channel = opened.createChannel();
      if (channel == null) {
        throw new AmqpSetupException("RabbitMQ at " + settings.maskedUri() + " has no channel left "
            + "(channel_max reached)", null);
      }
      channel.confirmSelect();
      AmqpConnections.declare(channel, declarations, settings.maskedUri());
      Lane fresh = new Lane(channel);
      channel.addConfirmListener((tag, multiple) -> fresh.confirmed(tag, multiple, true),
          (tag, multiple) -> fresh.confirmed(tag, multiple, false));
      channel.addReturnListener(fresh::returned);
      channel.addShutdownListener(fresh::lost);
      connection = opened;
      lane = fresh;
      log.debug("{}: connected to {}", purpose, settings.maskedUri());
    } catch (IOException e) {
      AmqpConnections.closeQuietly(opened, 1_000);
      throw new AmqpSetupException("cannot open a confirming channel on " + settings.maskedUri() + ": " + e, e);
    } catch (RuntimeException e) {
      AmqpConnections.closeQuietly(opened, 1_000);
      throw e;
    }
  }

  /** Runs {@code task} on {@link #thread}, after everything handed over before it. */
  private void run(Runnable task) {
    if (thread.isShutdown()) {
      throw new RejectedExecutionException("publisher " + purpose + " is closed");
    }
    outbox.add(task);
    if (draining.compareAndSet(false, true)) {
      thread.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      for (Runnable task = outbox.poll(); task != null; task = outbox.poll()) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("{}: task failed: {}", purpose, e.toString());
        }
      }
      draining.set(false);
      if (outbox.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private <R> CompletionStage<R> submit(Supplier<R> task) {
    CompletableFuture<R> result = new CompletableFuture<>();
    try {
      run(() -> {
        try {
          result.complete(task.get());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("publisher " + purpose + " is closed", e));
    }
    return result;
  }

  /**
   * Waits (bounded by the confirm timeout) for the confirms of what was published, then closes the
   * connection; publishes after this fail.
   */
  CompletionStage<Done> shutdown() {
    CompletableFuture<Done> result = new CompletableFuture<>();
    try {
      run(() -> {
        closed = true;
        try {
          if (lane != null && lane.open && !lane.pending.isEmpty()) {
            lane.channel.waitForConfirms(confirmTimeout.toMillis());
          }
        } catch (Exception e) {
          log.warn("{}: closing with unconfirmed publishes: {}", purpose, e.toString());
        }
        AmqpConnections.closeQuietly(connection, (int) Math.min(Integer.MAX_VALUE, settings.rpcTimeout().toMillis()));
        connection = null;
        lane = null;
        result.complete(Done.getInstance());
      });
      thread.shutdown();
    } catch (RejectedExecutionException e) {
      result.complete(Done.getInstance()); // closed before
    }
    return result;
  }

  /** {@link #shutdown()}, waiting for it at most the confirm timeout plus the RPC timeout. */
  @Override
  public void close() {
    try {
      shutdown().toCompletableFuture()
          .get(confirmTimeout.plus(settings.rpcTimeout()).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("{}: close did not finish cleanly: {}", purpose, e.toString());
    }
  }
}
