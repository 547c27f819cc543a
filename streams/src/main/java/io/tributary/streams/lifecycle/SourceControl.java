package io.tributary.streams.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;

/**
 * The control every broker source materializes (Kafka, AMQP, NATS): stop intake, count what is in
 * flight and what was acknowledged, shut down, and the graceful sequence of the three. A {@link
 * SourceRunner} drives any source through this interface alone; each connector's control adds its
 * broker-specific operations (Kafka's commits, AMQP's redelivery counts, NATS's consumer info).
 */
public interface SourceControl {

  /**
   * Stops intake (no more fetching or deliveries); messages already handed out still finish and can
   * still be acknowledged. Completes when the source has stopped taking messages.
   */
  CompletionStage<Done> stop();

  /** @return messages the source handed out (or holds) and that are not acknowledged yet */
  long inFlight();

  /** @return how many messages were acknowledged at their source so far */
  long acknowledged();

  /**
   * Releases the source's broker resources: settles what was acknowledged (Kafka commits, NATS
   * flushes), then closes the consumer and the connection it owns. Never acknowledges an unfinished
   * message: those return to the broker. Runs once; later calls return the same stage.
   */
  CompletionStage<Done> shutdown();

  /** Completes when {@link #shutdown()} (or an abort) finished. */
  CompletionStage<Done> isShutdown();

  /**
   * Completes once the source is attached to its broker and receives messages, or fails with the
   * connector's setup error. Sources that are attached when materialized complete at once.
   */
  default CompletionStage<Done> ready() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /**
   * The graceful stop: {@link #stop()}, wait for {@code streamCompletion} (the stream finished and
   * acknowledged what it held), then {@link #shutdown()}. Completes with the stream's result; if the
   * stream failed, still shuts down, then fails with its error.
   *
   * @param streamCompletion completes when the stream that consumes the source ends
   * @param executor runs the shutdown after the stream ended
   */
  default <S> CompletionStage<S> drainAndShutdown(CompletionStage<S> streamCompletion, Executor executor) {
    return stop()
        .thenCompose(stopped -> streamCompletion)
        .handleAsync((result, error) -> shutdown().thenCompose(done -> error == null
            ? CompletableFuture.completedFuture(result)
            : CompletableFuture.<S>failedFuture(error)), executor)
        .thenCompose(stage -> stage);
  }
}
