package io.tributary.streams.envelope;

/**
 * Tells a message's source that the message is done with: processed by its last step, or
 * dead-lettered. What that means is the source's business: a Kafka source lets its committed offset
 * advance past the message once every earlier message of the partition is done too; an AMQP source
 * sends {@code basic.ack}. Acknowledging twice has no further effect. Implementations are
 * thread-safe and cheap: handlers acknowledge from any thread.
 */
@FunctionalInterface
public interface Acknowledgement {

  /** Marks the message done. */
  void ack();

  /**
   * Called by the processing runner right before a handler first runs for the message. Returns
   * {@code false} when the source has withdrawn the message — a Kafka partition revoked in a
   * rebalance before the message was started — and the runner then drops it unprocessed (its new
   * owner processes it). Sources without withdrawal always return {@code true}.
   */
  default boolean begin() {
    return true;
  }

  /** An acknowledgement that does nothing, for messages from sources without acknowledgement. */
  Acknowledgement NONE = () -> {};
}
