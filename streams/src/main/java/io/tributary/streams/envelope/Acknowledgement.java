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

  /** An acknowledgement that does nothing, for messages from sources without acknowledgement. */
  Acknowledgement NONE = () -> {};
}
