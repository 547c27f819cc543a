package io.tributary.cli.broker;

import io.tributary.streams.lifecycle.GracefulStop;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;

/**
 * A consumer that {@link ConsumeTarget#start} started: the runner (registered for the graceful
 * stop), and what {@code consume} watches.
 *
 * @param runner the runner; {@link GracefulStop#inFlight()} counts the messages it holds unacknowledged
 * @param completion completes when the runner's stream ends, or fails with its error
 * @param attached whether the consumer receives messages yet (Kafka: partitions are assigned; the
 *     others are attached once started)
 * @param abandonedAtStop messages still unfinished when the stop released the connection
 */
public record RunningConsumer(GracefulStop runner, CompletionStage<Done> completion, BooleanSupplier attached,
    LongSupplier abandonedAtStop) {

  /** @return whether the consumer receives messages yet */
  public boolean isAttached() {
    return attached.getAsBoolean();
  }

  /** @return messages received and not yet acknowledged */
  public long openMessages() {
    return runner.inFlight();
  }

  /** @return messages the stop abandoned at the drain deadline (they are consumed again after a restart) */
  public long abandoned() {
    return abandonedAtStop.getAsLong();
  }
}
