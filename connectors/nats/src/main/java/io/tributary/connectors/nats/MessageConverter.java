package io.tributary.connectors.nats;

import io.tributary.streams.envelope.Envelope;
import java.util.function.Consumer;

/**
 * Turns a fetched message into the envelope a {@link NatsSourceStage} emits, or takes care of it
 * otherwise (a message that cannot be decoded goes to the dead-letter subject). One per
 * materialization; called on the stream's thread.
 *
 * @param <T> the payload type
 */
interface MessageConverter<T> {

  /**
   * @param failStream fails the stream, from any thread (a dead-letter write that failed)
   * @return the envelope to emit, or {@code null} when the message was taken care of otherwise
   */
  Envelope<T> convert(NatsAcknowledgement ack, Consumer<Throwable> failStream);
}
