package io.tributary.actors.workers;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tributary.actors.TributarySerializable;
import io.tributary.actors.internal.PekkoPayload;
import io.tributary.streams.lifecycle.GracefulStop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorInitializationException;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.event.Level;

/**
 * An actor that runs each message in a child actor of its own — a task per message, like
 * {@code tokio::spawn} per message — with at most {@code maxConcurrent} children alive at once: use
 * it when each message's work deserves an actor (its own lifecycle, supervision, children, timers)
 * and the number of them must stay bounded.
 *
 * <pre>{@code
 * ActorRef<WorkerPool.Command<Order, Receipt>> pool =
 *     context.spawn(WorkerPool.create(8, (order, worker) -> billing.charge(order)), "billing");
 * Function<Order, CompletionStage<Receipt>> handler =
 *     WorkerPool.handler(pool, Duration.ofSeconds(30), system);
 * source.via(Processing.flow(settings, handler, deadLetters))
 * }</pre>
 *
 * <p><b>Bound and backpressure</b>: each {@link Process} spawns a child {@code worker-<n>} that runs
 * the {@link Work}; while {@code maxConcurrent} children are alive, further messages wait in a FIFO
 * queue of {@code queueCapacity}, and past that a message is refused with an error reply, never
 * dropped. A slot frees when its child has terminated, not merely answered. Asked through {@link
 * #handler}, the pool plugs into the processing runner, whose parallelism bounds the asks in flight:
 * with parallelism at most {@code maxConcurrent + queueCapacity} nothing is ever refused, and the
 * runner backpressures its source while the pool is busy.
 *
 * <p><b>Failures and supervision</b>: a {@code Work} that throws, or whose stage fails, fails its
 * child; supervision stops the child (no restart: a retry is the caller's decision), and the pool,
 * which watches every child, answers the message with an error reply carrying the cause. The
 * processing runner then applies its retry and dead-letter policy. A child that stops in any other
 * way before answering gets its message an error reply too: every message is answered exactly once,
 * and every terminated child frees its slot. The pool logs failures at DEBUG only; the caller has
 * them.
 *
 * <p><b>Stopping</b>: {@link Stop} refuses new messages, lets the running and queued ones finish
 * (bounded by its timeout, after which they get error replies), replies with the final {@link
 * Stats}, and stops the pool. To stop with the service, register {@link #gracefulStop} with {@code
 * Lifecycle.register}: it hooks the pool into CoordinatedShutdown after the runners that feed it.
 *
 * <p><b>Across nodes</b>: the commands and {@link Stats} are {@link TributarySerializable}; a
 * message and a result need a serialization binding of their own (see there). The pool's workers
 * always run on the pool's node.
 */
public final class WorkerPool {

  private WorkerPool() {}

  /** The queue capacity of {@link #create(int, Work)}. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

  /**
   * Your code: the work for one message. It runs inside the message's worker actor, on that actor's
   * thread, and returns the stage of the result; the worker stops once the stage completed.
   *
   * @param <T> the message type
   * @param <R> the result type
   */
  @FunctionalInterface
  public interface Work<T, R> {
    /**
     * Starts the work for {@code message}. {@code workerContext} is the worker actor's context:
     * use it here (spawn helpers, ask other actors, log), never from another thread or after the
     * stage completed. Throwing fails the worker, as a failed stage does.
     */
    CompletionStage<R> run(T message, ActorContext<?> workerContext) throws Exception;
  }

  /** What the pool accepts. */
  public sealed interface Command<T, R> {}

  /**
   * Runs {@code message} in a worker; {@code replyTo} gets the result, or an error when the work
   * failed, the queue was full, or the pool is stopping.
   */
  public record Process<T, R>(
      @JsonSerialize(using = PekkoPayload.Writer.class) @JsonDeserialize(using = PekkoPayload.Reader.class) T message,
      ActorRef<StatusReply<R>> replyTo) implements Command<T, R>, TributarySerializable {}

  /** Asks for the pool's {@link Stats}. */
  public record GetStats<T, R>(ActorRef<Stats> replyTo) implements Command<T, R>, TributarySerializable {}

  /** Replies {@code Done} once no message is running or queued (at once when idle). */
  public record WhenIdle<T, R>(ActorRef<Done> replyTo) implements Command<T, R>, TributarySerializable {}

  /**
   * Stops the pool gracefully: refuses new messages, waits up to {@code timeout} for the running
   * and queued ones, answers those still unfinished then with an error, replies with the final
   * {@link Stats} and stops. A second {@code Stop} joins the first (its timeout is ignored).
   */
  public record Stop<T, R>(Duration timeout, ActorRef<Stats> replyTo)
      implements Command<T, R>, TributarySerializable {}

  /** A worker's result, sent by the worker before it stops. */
  private record WorkerSucceeded<T, R>(ActorRef<?> worker, R result)
      implements Command<T, R>, NoSerializationVerificationNeeded {}

  /** The timer of a {@link Stop} ran out. */
  private record StopTimedOut<T, R>() implements Command<T, R>, NoSerializationVerificationNeeded {}

  /**
   * A snapshot of the pool.
   *
   * @param running messages whose worker is alive (at most {@code maxConcurrent})
   * @param waiting messages queued for a free worker
   * @param children the pool actor's live children, as Pekko counts them
   * @param completed messages answered with a result
   * @param failed messages answered with a failure of their work
   * @param refused messages refused because the queue was full or the pool was stopping
   * @param abandoned messages answered with an error because a {@link Stop} timed out first
   * @param stopping whether a {@link Stop} is under way
   */
  public record Stats(int running, int waiting, int children, long completed, long failed,
      long refused, long abandoned, boolean stopping) implements TributarySerializable {}

  /** Creates a pool with a queue of {@link #DEFAULT_QUEUE_CAPACITY}. */
  public static <T, R> Behavior<Command<T, R>> create(int maxConcurrent, Work<T, R> work) {
    return create(maxConcurrent, DEFAULT_QUEUE_CAPACITY, work);
  }

  /**
   * Creates a pool.
   *
   * @param maxConcurrent workers alive at once at most (at least 1)
   * @param queueCapacity messages waiting for a worker at most (at least 0); past it they are
   *     refused with an error reply
   * @param work what each worker does with its message
   */
  public static <T, R> Behavior<Command<T, R>> create(int maxConcurrent, int queueCapacity, Work<T, R> work) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, was " + maxConcurrent);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be >= 0, was " + queueCapacity);
    }
    Objects.requireNonNull(work, "work");
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Pool<>(ctx, timers, maxConcurrent, queueCapacity, work).behavior()));
  }

  /**
   * A handler for the processing runner ({@code Processing.flow(settings, handler, deadLetters)})
   * that asks the pool: the stage completes with the work's result, or fails with its failure, a
   * refusal, or a {@link java.util.concurrent.TimeoutException} after {@code askTimeout}.
   *
   * <p>{@code askTimeout} covers the wait in the queue plus the work. A message whose ask timed out
   * still runs when its turn comes (its reply is lost), and the runner's retry runs it again:
   * at-least-once, like every redelivery. Keep the runner's parallelism at most {@code
   * maxConcurrent + queueCapacity} so the pool never refuses.
   */
  public static <T, R> Function<T, CompletionStage<R>> handler(ActorRef<Command<T, R>> pool,
      Duration askTimeout, Scheduler scheduler) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(askTimeout, "askTimeout");
    Objects.requireNonNull(scheduler, "scheduler");
    return message -> AskPattern.askWithStatus(pool, replyTo -> new Process<>(message, replyTo),
        askTimeout, scheduler);
  }

  /** {@link #handler(ActorRef, Duration, Scheduler)} with {@code system}'s scheduler. */
  public static <T, R> Function<T, CompletionStage<R>> handler(ActorRef<Command<T, R>> pool,
      Duration askTimeout, ActorSystem<?> system) {
    return handler(pool, askTimeout, system.scheduler());
  }

  /**
   * The pool as a {@link GracefulStop}, to register with {@code Lifecycle.register(system, stop,
   * drainTimeout)} so that it stops with the service (SIGTERM, Ctrl-C, or {@code
   * Registration.stop()}):
   *
   * <ul>
   *   <li>{@code service-unbind}: nothing — the pool has no intake of its own; its callers stop
   *       theirs at their sources.
   *   <li>{@code service-requests-done}: waits (up to the drain timeout) until no message is running
   *       or queued, still accepting messages, because the runners that feed the pool drain through
   *       it in this same phase.
   *   <li>{@code service-stop}: sends {@link Stop} with {@code stopTimeout}; completes with a report
   *       line once the pool stopped.
   * </ul>
   */
  public static <T, R> GracefulStop gracefulStop(ActorRef<Command<T, R>> pool, Duration stopTimeout,
      ActorSystem<?> system) {
    return new WorkerPoolStop<>(pool, stopTimeout, system);
  }

  /** The behavior of one worker: runs the work, reports a result, or fails. */
  private static <T, R> Behavior<WorkerMessage<R>> worker(T message, Work<T, R> work,
      ActorRef<Command<T, R>> pool) {
    Behavior<WorkerMessage<R>> running = Behaviors.setup(ctx -> {
      // The work starts with the first message rather than in setup: Pekko reports a failure in
      // setup as a plain stop, without its cause, while a failure in a message handler reaches
      // the pool as ChildFailed with the cause.
      ctx.getSelf().tell(new Begin<>());
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof Outcome<R> outcome) {
          if (outcome.error() != null) {
            throw new WorkFailed(unwrap(outcome.error()));
          }
          pool.tell(new WorkerSucceeded<>(ctx.getSelf(), outcome.value()));
          return Behaviors.stopped();
        }
        CompletionStage<R> stage = Objects.requireNonNull(work.run(message, ctx),
            "Work.run returned null instead of a stage");
        ctx.pipeToSelf(stage, Outcome::new);
        return Behaviors.same();
      });
    });
    // Stop, never restart: the message is answered with the failure and the caller decides on a
    // retry. The pool reports the failure in its reply, so supervision logs at DEBUG only.
    return Behaviors.supervise(running).onFailure(Exception.class,
        SupervisorStrategy.stop().withLogLevel(Level.DEBUG));
  }

  /** What a worker receives. */
  private sealed interface WorkerMessage<R> {}

  /** Starts the work: the worker's first message, from itself. */
  private record Begin<R>() implements WorkerMessage<R>, NoSerializationVerificationNeeded {}

  /** What the work's stage completed with. */
  private record Outcome<R>(R value, Throwable error)
      implements WorkerMessage<R>, NoSerializationVerificationNeeded {}

  /** Carries a failed stage's cause out of a worker, through supervision, to the pool. */
  private static final class WorkFailed extends RuntimeException {
    WorkFailed(Throwable cause) {
      super(cause);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof WorkFailed
        || cause instanceof ActorInitializationException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A message with a live worker. */
  private static final class Job<R> {
    final String worker;
    final ActorRef<StatusReply<R>> replyTo;
    boolean answered;

    Job(String worker, ActorRef<StatusReply<R>> replyTo) {
      this.worker = worker;
      this.replyTo = replyTo;
    }
  }

  /** The pool's state and handlers; lives inside the actor only. */
  private static final class Pool<T, R> {
    private final ActorContext<Command<T, R>> ctx;
    private final TimerScheduler<Command<T, R>> timers;
    private final int maxConcurrent;
    private final int queueCapacity;
    private final Work<T, R> work;
    private final Map<ActorRef<?>, Job<R>> running = new HashMap<>();
    private final ArrayDeque<Process<T, R>> waiting = new ArrayDeque<>();
    private final List<ActorRef<Done>> idleWaiters = new ArrayList<>();
    private final List<ActorRef<Stats>> stopWaiters = new ArrayList<>();
    private long workers;
    private long completed;
    private long failed;
    private long refused;
    private long abandoned;
    private boolean stopping;

    Pool(ActorContext<Command<T, R>> ctx, TimerScheduler<Command<T, R>> timers, int maxConcurrent,
        int queueCapacity, Work<T, R> work) {
      this.ctx = ctx;
      this.timers = timers;
      this.maxConcurrent = maxConcurrent;
      this.queueCapacity = queueCapacity;
      this.work = work;
    }

    Behavior<Command<T, R>> behavior() {
      return Behaviors.receive((c, msg) -> onMessage(msg), (c, signal) -> onSignal(signal));
    }

    private Behavior<Command<T, R>> onMessage(Command<T, R> msg) {
      if (msg instanceof Process<T, R> process) {
        onProcess(process);
      } else if (msg instanceof WorkerSucceeded<T, R> succeeded) {
        onSucceeded(succeeded);
      } else if (msg instanceof GetStats<T, R> get) {
        get.replyTo().tell(stats());
      } else if (msg instanceof WhenIdle<T, R> whenIdle) {
        idleWaiters.add(whenIdle.replyTo());
        notifyIdle();
      } else if (msg instanceof Stop<T, R> stop) {
        return onStop(stop);
      } else if (msg instanceof StopTimedOut<T, R>) {
        return onStopTimedOut();
      }
      return Behaviors.same();
    }

    private Behavior<Command<T, R>> onSignal(Signal signal) {
      if (signal instanceof ChildFailed failedChild) {
        onWorkerGone(failedChild.getRef(), unwrap(failedChild.getCause()));
      } else if (signal instanceof Terminated terminated) {
        onWorkerGone(terminated.getRef(), null);
      } else if (signal instanceof PostStop) {
        // Stopped from outside (its parent, the actor system): the workers stop with the pool, and
        // the messages it still holds are answered rather than left to their ask timeouts.
        abandonAll("worker pool " + ctx.getSelf().path().name() + " stopped before the message finished");
        return Behaviors.same();
      } else {
        return Behaviors.unhandled();
      }
      return stopping && isIdle() ? stopNow() : Behaviors.same();
    }

    private void onProcess(Process<T, R> process) {
      if (stopping) {
        refuse(process, "worker pool " + ctx.getSelf().path().name() + " is stopping: message refused");
      } else if (running.size() < maxConcurrent) {
        spawnWorker(process);
      } else if (waiting.size() < queueCapacity) {
        waiting.add(process);
      } else {
        refuse(process, "worker pool " + ctx.getSelf().path().name() + " is full (" + running.size()
            + " running, " + waiting.size() + " waiting): message refused");
      }
    }

    private void refuse(Process<T, R> process, String reason) {
      refused++;
      process.replyTo().tell(StatusReply.error(reason));
    }

    private void spawnWorker(Process<T, R> process) {
      String name = "worker-" + (++workers);
      ActorRef<WorkerMessage<R>> child = ctx.spawn(worker(process.message(), work, ctx.getSelf()), name);
      ctx.watch(child);
      running.put(child, new Job<>(name, process.replyTo()));
    }

    private void onSucceeded(WorkerSucceeded<T, R> succeeded) {
      Job<R> job = running.get(succeeded.worker());
      if (job != null && !job.answered) {
        job.answered = true;
        completed++;
        job.replyTo.tell(StatusReply.success(succeeded.result()));
      }
      // The slot frees when the worker has terminated: see onWorkerGone.
    }

    private void onWorkerGone(ActorRef<?> worker, Throwable cause) {
      Job<R> job = running.remove(worker);
      if (job == null) {
        return;
      }
      if (!job.answered) {
        // A worker sends its result before it stops, and Terminated comes after the worker's
        // messages: an unanswered job here failed, or its worker was stopped from outside.
        Throwable error = cause != null ? cause
            : new IllegalStateException(job.worker + " stopped before its work completed");
        failed++;
        ctx.getLog().debug("{} failed: {}", job.worker, error.toString());
        job.replyTo.tell(StatusReply.error(error));
      }
      while (running.size() < maxConcurrent && !waiting.isEmpty()) {
        spawnWorker(waiting.poll());
      }
      notifyIdle();
    }

    private Behavior<Command<T, R>> onStop(Stop<T, R> stop) {
      stopWaiters.add(stop.replyTo());
      if (!stopping) {
        stopping = true;
        ctx.getLog().info("worker pool {} stopping: {} running, {} waiting, timeout {}",
            ctx.getSelf().path().name(), running.size(), waiting.size(), stop.timeout());
        timers.startSingleTimer(new StopTimedOut<>(), stop.timeout());
      }
      return isIdle() ? stopNow() : Behaviors.same();
    }

    private Behavior<Command<T, R>> onStopTimedOut() {
      int left = abandonAll("worker pool " + ctx.getSelf().path().name()
          + " stopped after its stop timeout before the message finished");
      ctx.getLog().warn("worker pool {} stop timed out: {} message(s) abandoned with an error reply",
          ctx.getSelf().path().name(), left);
      return stopNow(); // the workers stop with the pool
    }

    /** Answers every unanswered message with an error; returns how many there were. */
    private int abandonAll(String reason) {
      int left = 0;
      for (Process<T, R> process : waiting) {
        left++;
        process.replyTo().tell(StatusReply.error(reason));
      }
      waiting.clear();
      for (Job<R> job : running.values()) {
        if (!job.answered) {
          job.answered = true;
          left++;
          job.replyTo.tell(StatusReply.error(reason));
        }
      }
      abandoned += left;
      return left;
    }

    private Behavior<Command<T, R>> stopNow() {
      Stats last = stats();
      stopWaiters.forEach(waiter -> waiter.tell(last));
      ctx.getLog().info("worker pool {} stopped: completed={} failed={} refused={} abandoned={}",
          ctx.getSelf().path().name(), completed, failed, refused, abandoned);
      return Behaviors.stopped();
    }

    private boolean isIdle() {
      return running.isEmpty() && waiting.isEmpty();
    }

    private void notifyIdle() {
      if (isIdle() && !idleWaiters.isEmpty()) {
        idleWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
        idleWaiters.clear();
      }
    }

    private Stats stats() {
      return new Stats(running.size(), waiting.size(), ctx.getChildren().size(), completed, failed,
          refused, abandoned, stopping);
    }
  }
}
