package io.tributary.connectors.nats;

import io.nats.client.Message;
import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement of a message from a {@link NatsSource}: {@link #ack()} sends the JetStream
 * {@code +ACK}, and a handler that wants the message again can {@link #nak(Duration)} it instead,
 * for the server to redeliver it after a delay. The first of ack and nak wins; later calls have no
 * effect, so a handler may nak and then complete normally (the processing runner's ack after it is
 * ignored):
 *
 * <pre>{@code
 * envelope -> {
 *   if (!inventory.isReady()) {
 *     NatsAcknowledgement.of(envelope).ifPresent(ack -> ack.nak(Duration.ofSeconds(5)));
 *     return CompletableFuture.completedFuture(Done.getInstance());
 *   }
 *   return inventory.reserve(envelope.payload());
 * }
 * }</pre>
 *
 * <p>A nak'd message comes back as a new delivery (its delivered count grows, so the source's
 * max-deliver limit applies); meanwhile later messages of its key go on. For messages of a core-NATS
 * subscription, which has no acknowledgement, ack and nak only settle the message locally.
 * Thread-safe; acks never throw (a lost ack means a redelivery after the ack wait: at-least-once).
 */
public final class NatsAcknowledgement implements Acknowledgement {

  private static final Logger log = LoggerFactory.getLogger(NatsAcknowledgement.class);

  private final Message message;
  private final OpenMessages tracker;
  private final DeliveryCounts deliveries;
  private final long deliveredCount;
  private final AtomicBoolean settled = new AtomicBoolean();

  /** @param deliveries the source's delivery counts for a JetStream message, {@code null} for core NATS */
  NatsAcknowledgement(Message message, OpenMessages tracker, DeliveryCounts deliveries) {
    this.message = Objects.requireNonNull(message, "message");
    this.tracker = tracker;
    this.deliveries = deliveries;
    this.deliveredCount = deliveries == null ? 1
        : deliveries.delivered(message.metaData().streamSequence(), message.metaData().deliveredCount());
  }

  /** @return the NATS acknowledgement of {@code envelope}, if it came from a {@link NatsSource} */
  public static Optional<NatsAcknowledgement> of(Envelope<?> envelope) {
    return envelope.ack() instanceof NatsAcknowledgement nats ? Optional.of(nats) : Optional.empty();
  }

  /** Acknowledges the message at the server: it is done with and never redelivered. */
  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      tracker.acknowledged();
      if (deliveries != null) {
        deliveries.acknowledged(message.metaData().streamSequence());
        try {
          message.ack();
        } catch (RuntimeException e) {
          log.warn("ack of {} failed (it is redelivered after the ack wait): {}", describe(), e.toString());
        }
      }
    }
  }

  /** Asks the server to redeliver the message now. */
  public void nak() {
    nak(Duration.ZERO);
  }

  /** Asks the server to redeliver the message after {@code delay} (to this or another consumer instance). */
  public void nak(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (settled.compareAndSet(false, true)) {
      tracker.nakd();
      if (deliveries != null) {
        try {
          if (delay.isZero() || delay.isNegative()) {
            message.nak();
          } else {
            message.nakWithDelay(delay);
          }
        } catch (RuntimeException e) {
          log.warn("nak of {} failed (it is redelivered after the ack wait): {}", describe(), e.toString());
        }
      }
    }
  }

  /**
   * Tells the server the message is still being worked on: its ack wait starts over. For handlers
   * that may run longer than the consumer's ack wait. No effect once settled.
   */
  public void inProgress() {
    if (deliveries != null && !settled.get()) {
      try {
        message.inProgress();
      } catch (RuntimeException e) {
        log.debug("in-progress of {} failed: {}", describe(), e.toString());
      }
    }
  }

  /** @return whether the message was acknowledged or nak'd */
  public boolean isSettled() {
    return settled.get();
  }

  /**
   * @return how many times the message was delivered, this delivery included: the larger of the
   *     server's count and this source's own (1 for core NATS)
   */
  public long deliveredCount() {
    return deliveredCount;
  }

  /** @return the NATS message as received (subject, headers, data, JetStream metadata) */
  public Message message() {
    return message;
  }

  private String describe() {
    return deliveries != null
        ? message.metaData().getStream() + "@" + message.metaData().streamSequence()
        : message.getSubject();
  }

  @Override
  public String toString() {
    return "NatsAcknowledgement(" + describe() + (settled.get() ? ", settled)" : ")");
  }
}
