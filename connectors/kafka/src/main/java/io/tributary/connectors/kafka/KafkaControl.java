package io.tributary.connectors.kafka;

import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.lifecycle.SourceControl;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.kafka.javadsl.Consumer;

/**
 * Controls a running {@link KafkaSource}: stop intake, commit, drain and shut down, and observe
 * what was committed. The materialized value of the source.
 *
 * <p>The graceful sequence is {@link #drainAndShutdown}: stop fetching, let the stream finish the
 * messages it holds, commit everything acknowledged, then close the consumer and the dead-letter
 * producer. Nothing past an unfinished message is ever committed.
 */
public final class KafkaControl implements SourceControl {
  private final Consumer.Control consumer;
  private final OffsetTracker tracker;
  private final Cancellable commitTicker;
  private final DeadLetterSink<?> deadLetters;
  private final boolean ownsDeadLetters;

  KafkaControl(Consumer.Control consumer, OffsetTracker tracker, Cancellable commitTicker,
      DeadLetterSink<?> deadLetters, boolean ownsDeadLetters) {
    this.consumer = consumer;
    this.tracker = tracker;
    this.commitTicker = commitTicker;
    this.deadLetters = deadLetters;
    this.ownsDeadLetters = ownsDeadLetters;
  }

  /** Stops fetching: the source completes after the messages already fetched; commits still work. */
  @Override
  public CompletionStage<Done> stop() {
    return consumer.stop();
  }

  /** Commits everything acknowledged so far that is safe to commit; completes when committed. */
  public CompletionStage<Done> commit() {
    return tracker.commitAll();
  }

  /**
   * The graceful stop: stops fetching, waits for {@code streamCompletion} (the stream drained),
   * commits what was acknowledged, and shuts the consumer down. Completes with the stream's result;
   * if the stream failed, still commits what is safe and shuts down, then fails with its error.
   */
  public <S> CompletionStage<S> drainAndShutdown(CompletionStage<S> streamCompletion, Executor executor) {
    return stop()
        .thenCompose(stopped -> streamCompletion)
        .handleAsync((result, error) -> tracker.commitAll()
            .handle((c, commitError) -> Done.getInstance())
            .thenCompose(c -> shutdown())
            .thenCompose(done -> error == null
                ? java.util.concurrent.CompletableFuture.completedFuture(result)
                : java.util.concurrent.CompletableFuture.<S>failedFuture(error)), executor)
        .thenCompose(stage -> stage);
  }

  /** Closes the consumer at once (a final synchronous commit of what is safe runs as it stops). */
  public CompletionStage<Done> shutdown() {
    commitTicker.cancel();
    return consumer.shutdown().whenComplete((done, error) -> {
      if (ownsDeadLetters && deadLetters instanceof KafkaDeadLetterSink<?> kafka) {
        kafka.close();
      }
    });
  }

  /** Completes when the consumer has shut down. */
  public CompletionStage<Done> isShutdown() {
    return consumer.isShutdown();
  }

  /** @return the offset committed last per partition by this consumer (the next offset to consume) */
  public Map<TopicPartition, Long> committedOffsets() {
    return tracker.committedOffsets();
  }

  /** @return messages emitted and not yet acknowledged */
  public int openMessages() {
    return tracker.open();
  }

  /** @return messages a handler started and has not finished, per partition (for shutdown reports) */
  public Map<TopicPartition, long[]> startedMessages() {
    return tracker.started();
  }

  /** @return the partitions this consumer owns now */
  public java.util.Set<TopicPartition> assignedPartitions() {
    return tracker.owned();
  }

  /** @return messages acknowledged since the start */
  @Override
  public long acknowledged() {
    return tracker.acknowledged();
  }
}
