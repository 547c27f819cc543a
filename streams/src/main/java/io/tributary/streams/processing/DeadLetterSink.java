package io.tributary.streams.processing;

import io.tributary.streams.envelope.Envelope;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where messages go that cannot be processed: undecodable payloads and messages whose handler
 * failed on every attempt. The Kafka connector's implementation writes the original bytes to
 * {@code <topic>.dlq} with the error in headers.
 *
 * @param <T> the payload type of the envelopes it accepts
 */
@FunctionalInterface
public interface DeadLetterSink<T> {

  /**
   * Stores {@code envelope} with {@code failure}; the stage completes once it is durably stored.
   * The message is acknowledged only after that.
   */
  CompletionStage<Done> deadLetter(Envelope<T> envelope, ProcessingFailure failure);
}
