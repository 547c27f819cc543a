package io.tributary.connectors.amqp;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection and channel of a source, and the only place its delivery tags are settled. A
 * delivery tag is valid only on the channel that delivered it, so every {@link
 * AmqpAcknowledgement} holds the session it came from: once the session is lost (or closed) its
 * acknowledgements are dropped and counted as stale — the broker has requeued those messages and
 * delivers them again, on a new session with new tags. A tag of an old channel can never reach a
 * new channel, because a new channel is a new session.
 */
final class ConsumerSession {

  private static final Logger log = LoggerFactory.getLogger(ConsumerSession.class);

  final int id;
  final Connection connection;
  final Channel channel;
  private final SourceCounters counters;
  /** Deliveries received on this session and not settled yet. */
  final AtomicInteger unacknowledged = new AtomicInteger();
  volatile String consumerTag;
  private volatile boolean live = true;

  ConsumerSession(int id, Connection connection, Channel channel, SourceCounters counters) {
    this.id = id;
    this.connection = connection;
    this.channel = channel;
    this.counters = counters;
  }

  /** @return true until the channel closed or was lost */
  boolean live() {
    return live;
  }

  /** Marks the session dead: from now on its acknowledgements are stale. */
  void markDead() {
    live = false;
  }

  /** Sends basic.ack, or counts the acknowledgement as stale when the session is gone. */
  void ack(long deliveryTag) {
    if (!live) {
      stale(deliveryTag, "ack");
      return;
    }
    // Counted down before the frame leaves: the broker may answer the ack with the next delivery
    // before basicAck returns, and the count must never run ahead of the broker's own.
    unacknowledged.decrementAndGet();
    try {
      channel.basicAck(deliveryTag, false);
      counters.acknowledged.increment();
    } catch (IOException | AlreadyClosedException e) {
      stale(deliveryTag, "ack");
    }
  }

  /** Sends basic.nack (with or without requeue), or counts it as stale when the session is gone. */
  void nack(long deliveryTag, boolean requeue) {
    if (!live) {
      stale(deliveryTag, requeue ? "requeue" : "reject");
      return;
    }
    unacknowledged.decrementAndGet();
    try {
      channel.basicNack(deliveryTag, false, requeue);
      (requeue ? counters.requeued : counters.rejected).increment();
    } catch (IOException | AlreadyClosedException e) {
      stale(deliveryTag, requeue ? "requeue" : "reject");
    }
  }

  private void stale(long deliveryTag, String what) {
    counters.stale.increment();
    log.debug("dropping {} of delivery tag {} of session {}: its channel is closed; the broker "
        + "redelivers the message", what, deliveryTag, id);
  }

  /** Closes channel and connection (unacknowledged messages return to the queue). */
  void close(int timeoutMillis) {
    live = false;
    AmqpConnections.closeQuietly(connection, timeoutMillis);
  }

  /** Drops the connection abruptly, like a crash (unacknowledged messages return to the queue). */
  void abort() {
    live = false;
    connection.abort(1_000);
  }

  @Override
  public String toString() {
    return "session " + id + " (" + connection.getClientProvidedName() + ")";
  }
}
