package io.tributary.streams.processing;

import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where messages go that cannot be processed: undecodable payloads (from the source) and messages
 * whose handler failed on every attempt (from the processing runner). Each connector has one that
 * stores a {@link DeadLetter} in its broker ({@code <topic>.dlq}, {@code <queue>.dlq}, a
 * {@code .dlq} subject); a custom one receives both kinds too.
 *
 * @param <T> the payload type of the envelopes the runner hands it
 */
@FunctionalInterface
public interface DeadLetterSink<T> {

  /**
   * Stores {@code deadLetter}; the stage completes once it is durably stored, and fails when it
   * cannot be. The message is acknowledged at its source only after that.
   *
   * @param deadLetter the message and why it gave up
   * @return completes when stored
   */
  CompletionStage<Done> write(DeadLetter deadLetter);

  /**
   * Stores the message of {@code envelope}, which gave up at {@code stage}; by default {@link
   * #write(DeadLetter)} of its {@link DeadLetter#of dead letter}. A connector's sink overrides it to
   * keep what only its broker knows (AMQP properties, the NATS subject and delivery count). Sources
   * call it for undecodable payloads.
   *
   * @param envelope the message that gave up (its payload may still be the raw bytes)
   * @param failure why
   * @param stage which step gave up
   * @return completes when stored
   */
  default CompletionStage<Done> write(Envelope<?> envelope, ProcessingFailure failure, DeadLetterStage stage) {
    return write(DeadLetter.of(envelope, failure, stage));
  }

  /**
   * Stores {@code envelope}, whose handler failed on every attempt: the processing runner calls it
   * for the {@code DEAD_LETTER} failure policy. By default {@link #write(Envelope, ProcessingFailure,
   * DeadLetterStage)} at {@link DeadLetterStage#HANDLER}; a connector may first give the message more
   * deliveries (NATS naks it until its max-deliver limit).
   *
   * @param envelope the message that gave up
   * @param failure why
   * @return completes when stored (or handed back for another delivery)
   */
  default CompletionStage<Done> deadLetter(Envelope<T> envelope, ProcessingFailure failure) {
    return write(envelope, failure, DeadLetterStage.HANDLER);
  }
}
