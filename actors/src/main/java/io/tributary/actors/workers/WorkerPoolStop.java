package io.tributary.actors.workers;

import io.tributary.streams.lifecycle.GracefulStop;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WorkerPool} seen as a {@link GracefulStop}: what {@link WorkerPool#gracefulStop} returns,
 * to register the pool with {@code Lifecycle.register}. It talks to the pool by asking it, so it
 * works from CoordinatedShutdown's threads.
 */
final class WorkerPoolStop<T, R> implements GracefulStop {

  private static final Logger log = LoggerFactory.getLogger(WorkerPoolStop.class);

  /** How long a stats query may take; only the phase log lines depend on it. */
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

  private final ActorRef<WorkerPool.Command<T, R>> pool;
  private final Duration stopTimeout;
  private final ActorSystem<?> system;
  /** Messages running or queued as of the pool's last answer: the actor's state is not shared. */
  private volatile long inFlight;

  WorkerPoolStop(ActorRef<WorkerPool.Command<T, R>> pool, Duration stopTimeout, ActorSystem<?> system) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.system = Objects.requireNonNull(system, "system");
  }

  @Override
  public String name() {
    return "worker-pool[" + pool.path().name() + "]";
  }

  @Override
  public CompletionStage<Done> stopIntake() {
    // No intake of its own: only refresh the in-flight count for the phase log line.
    return AskPattern.<WorkerPool.Command<T, R>, WorkerPool.Stats>ask(pool, WorkerPool.GetStats::new,
            QUERY_TIMEOUT, system.scheduler())
        .handle((stats, error) -> {
          if (stats != null) {
            inFlight = stats.running() + stats.waiting();
          }
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> drain(Duration timeout) {
    return AskPattern.<WorkerPool.Command<T, R>, Done>ask(pool, WorkerPool.WhenIdle::new,
            timeout, system.scheduler())
        .handle((done, error) -> {
          if (error == null) {
            inFlight = 0;
          } else {
            log.info("{}: not idle within the drain timeout of {} ({}); service-stop stops it", name(),
                timeout, error.toString());
          }
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<String> release() {
    // The pool answers once it stopped, at the latest stopTimeout from now; allow for the reply.
    Duration askTimeout = stopTimeout.plus(Duration.ofSeconds(5));
    return AskPattern.<WorkerPool.Command<T, R>, WorkerPool.Stats>ask(pool,
            replyTo -> new WorkerPool.Stop<>(stopTimeout, replyTo), askTimeout, system.scheduler())
        .thenApply(stats -> {
          inFlight = 0;
          return "completed=" + stats.completed() + " failed=" + stats.failed() + " refused="
              + stats.refused() + " abandoned=" + stats.abandoned();
        });
  }

  @Override
  public long inFlight() {
    return inFlight;
  }
}
