package io.tributary.cli.broker;

import io.tributary.streams.lifecycle.GracefulStop;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;

/**
 * A runner whose {@link #stopIntake()} waits for the runner's own intake stop at most {@code
 * bound}, then lets the stop go on to the drain. For {@code AmqpRunner}: it sends {@code
 * basic.cancel} at once, but its intake stop completes only when the source stage ended, which
 * needs the runner to take every delivery the stage still buffers — with a handler stuck past the
 * drain timeout that would hold the whole stop up until CoordinatedShutdown's phase timeouts ran
 * out. Nothing is lost by going on: the drain waits for what can finish, and the release closes the
 * channel, so the broker requeues every unacknowledged delivery.
 */
final class BoundedIntakeStop implements GracefulStop {

  private final GracefulStop runner;
  private final Duration bound;

  BoundedIntakeStop(GracefulStop runner, Duration bound) {
    this.runner = runner;
    this.bound = bound;
  }

  @Override
  public String name() {
    return runner.name();
  }

  @Override
  public CompletionStage<Done> stopIntake() {
    return runner.stopIntake().toCompletableFuture().copy() // never complete the runner's own future
        .completeOnTimeout(Done.getInstance(), bound.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<Done> drain(Duration timeout) {
    return runner.drain(timeout);
  }

  @Override
  public CompletionStage<String> release() {
    return runner.release();
  }

  @Override
  public long inFlight() {
    return runner.inFlight();
  }
}
