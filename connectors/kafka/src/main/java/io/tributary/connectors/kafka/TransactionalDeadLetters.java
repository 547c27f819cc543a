package io.tributary.connectors.kafka;

import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.ProcessingFailure;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.pekko.Done;

/**
 * Failures inside a transaction. Under {@code DEAD_LETTER} a dead letter becomes a record of the message's own
 * transaction (sent in offset order, like a result); under {@code STOP} ("abort") the open transaction aborts and the
 * runner rewinds to the last committed offsets.
 *
 * @param <T> the payload type
 */
final class TransactionalDeadLetters<T> implements DeadLetterSink<T> {
  private final TransactionalLoop<?> loop;
  private final UnaryOperator<String> topicFor;
  private final boolean abort;

  TransactionalDeadLetters(TransactionalLoop<?> loop, UnaryOperator<String> topicFor, boolean abort) {
    this.loop = loop;
    this.topicFor = topicFor;
    this.abort = abort;
  }

  @Override
  public CompletionStage<Done> write(DeadLetter deadLetter) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "a transactional runner dead-letters envelopes of its own source only"));
  }

  @Override
  public CompletionStage<Done> write(Envelope<?> envelope, ProcessingFailure failure, DeadLetterStage stage) {
    if (!(envelope.ack() instanceof TransactionalAck ack)) {
      return write(DeadLetter.of(envelope, failure, stage));
    }
    if (abort && stage == DeadLetterStage.HANDLER) {
      return loop.abortAndRewind(ack, failure.cause());
    }
    ack.results(List.of(record(DeadLetter.of(envelope, failure, stage))));
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** The dead-letter record of {@code deadLetter}: original key, value and headers plus the dead-letter headers. */
  ProducerRecord<byte[], byte[]> record(DeadLetter deadLetter) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : deadLetter.originalHeaders()) {
      headers.add(h.key(), h.value());
    }
    for (Header h : deadLetter.headers()) {
      headers.add(h.key(), h.value());
    }
    return new ProducerRecord<>(topicFor.apply(deadLetter.origin().source()), null, deadLetter.key(),
        deadLetter.value(), headers);
  }
}
