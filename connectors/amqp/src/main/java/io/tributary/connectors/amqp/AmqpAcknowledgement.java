package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The acknowledgement handle of a message from an {@link AmqpSource}, with AMQP's extra choices.
 * {@link #ack()} sends {@code basic.ack} (the message leaves the queue); {@link #requeue()} sends
 * {@code basic.nack} with requeue, for a handler that wants the message delivered again (to this
 * or another consumer, usually at once and at the head of the queue — so a message that always
 * fails loops: prefer the runner's retries and dead-letter policy); {@link #reject()} sends {@code
 * basic.nack} without requeue (the broker drops it, or dead-letters it through the queue's {@code
 * x-dead-letter-exchange} argument).
 *
 * <p>The first call settles the message; later calls do nothing, so a handler may requeue and
 * still let the pipeline's final {@code ack()} run. Thread-safe. If the connection the message
 * came on was lost, the call does nothing (counted in {@link AmqpControl#staleAcknowledgements()}):
 * the broker has requeued the message already and delivers it again.
 *
 * <pre>{@code
 * envelope -> {
 *   if (!inventory.available()) {
 *     AmqpAcknowledgement.of(envelope).requeue();   // redeliver later; the final ack is then a no-op
 *     return CompletableFuture.completedFuture(Done.getInstance());
 *   }
 *   return inventory.reserve(envelope.payload());
 * }
 * }</pre>
 */
public final class AmqpAcknowledgement implements Acknowledgement {

  private final ConsumerSession session;
  private final long deliveryTag;
  private final boolean redelivered;
  private final String exchange;
  private final String routingKey;
  private final AMQP.BasicProperties properties;
  private final AtomicBoolean settled = new AtomicBoolean();

  AmqpAcknowledgement(ConsumerSession session, long deliveryTag, boolean redelivered, String exchange,
      String routingKey, AMQP.BasicProperties properties) {
    this.session = session;
    this.deliveryTag = deliveryTag;
    this.redelivered = redelivered;
    this.exchange = exchange;
    this.routingKey = routingKey;
    this.properties = properties;
  }

  /**
   * @return the AMQP handle of {@code envelope}
   * @throws IllegalArgumentException when the envelope did not come from an {@link AmqpSource}
   */
  public static AmqpAcknowledgement of(Envelope<?> envelope) {
    if (envelope.ack() instanceof AmqpAcknowledgement a) {
      return a;
    }
    throw new IllegalArgumentException("envelope " + envelope.position() + " did not come from an AmqpSource "
        + "(its acknowledgement is a " + envelope.ack().getClass().getName() + ")");
  }

  /** @return the AMQP handle of {@code envelope}, if it came from an {@link AmqpSource} */
  public static Optional<AmqpAcknowledgement> find(Envelope<?> envelope) {
    return envelope.ack() instanceof AmqpAcknowledgement a ? Optional.of(a) : Optional.empty();
  }

  /** Sends {@code basic.ack}: the message is done and leaves the queue. */
  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      session.ack(deliveryTag);
    }
  }

  /** Sends {@code basic.nack}; {@code requeue}: deliver it again, otherwise drop or dead-letter it at the broker. */
  public void nack(boolean requeue) {
    if (settled.compareAndSet(false, true)) {
      session.nack(deliveryTag, requeue);
    }
  }

  /** {@code nack(true)}: the broker delivers the message again. */
  public void requeue() {
    nack(true);
  }

  /** {@code nack(false)}: the broker drops the message, or routes it to the queue's dead-letter exchange. */
  public void reject() {
    nack(false);
  }

  /** @return true once ack, requeue or reject was called */
  public boolean isSettled() {
    return settled.get();
  }

  /** @return the delivery tag, valid on the delivering channel only */
  public long deliveryTag() {
    return deliveryTag;
  }

  /** @return true when the broker delivered this message before (to this or another consumer) */
  public boolean redelivered() {
    return redelivered;
  }

  /** @return the exchange the message was published to ({@code ""} = the default exchange) */
  public String exchange() {
    return exchange;
  }

  /** @return the routing key the message was published with */
  public String routingKey() {
    return routingKey;
  }

  /** @return the message's AMQP properties (content type, message id, headers, ...) */
  public AMQP.BasicProperties properties() {
    return properties;
  }

  ConsumerSession session() {
    return session;
  }

  @Override
  public String toString() {
    return "AmqpAcknowledgement(tag=" + deliveryTag + ", " + session + ", settled=" + settled.get() + ")";
  }
}
