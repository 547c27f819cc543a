package io.tributary.actors.scope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scope that owns the asynchronous tasks started in it: use it when a piece of work fans out
 * into several {@link CompletionStage}s that must not outlive it — structured concurrency in the
 * manner of Java 21's {@code StructuredTaskScope} or Tokio's {@code JoinSet}, on Java 17 stages.
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open(TaskScope.FailurePolicy.CANCEL_SIBLINGS)) {
 *   CompletionStage<Price> price = scope.start(() -> pricing.quote(order));
 *   CompletionStage<Stock> stock = scope.start(cancellation -> warehouse.reserve(order, cancellation));
 *   ...
 * } // waits for both; a failure of one cancels the other; close() throws the first failure
 * }</pre>
 *
 * <p><b>Binding</b>: a task is a function returning a {@link CompletionStage}; it is called at once
 * on the caller's thread and should only start its work. It runs until its stage completes. {@link
 * #closeAsync(Duration)} stops accepting tasks, waits for the running ones and, at the deadline,
 * cancels those still running. No task outlives its scope: the close completes only after every
 * task's own stage completed, and fails with an {@link IllegalStateException} naming the tasks that
 * ignored their cancellation for longer than the cancellation grace.
 *
 * <p><b>Cancellation</b>: the scope fires the task's {@link Cancellation} and completes the stage
 * that {@link #start} returned exceptionally with a {@link TaskCancelledException} (a {@link
 * java.util.concurrent.CancellationException}). Java cannot stop running code from outside, so a
 * task whose work goes on (a timer, a loop) watches its {@code Cancellation}, stops, and completes
 * its own stage; the scope never completes a task's own stage for it.
 *
 * <p><b>Failures</b>: the {@link FailurePolicy} chosen at {@link #open} decides: {@link
 * FailurePolicy#CANCEL_SIBLINGS} cancels every other task at the first failure and makes the close
 * fail with it; {@link FailurePolicy#ISOLATE} keeps the siblings running and collects the failures
 * ({@link #failures()}), and the close succeeds. A task cancelled by the scope is not a failure.
 *
 * <p>Thread-safe: tasks may start tasks, and any thread may close the scope.
 */
public final class TaskScope implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TaskScope.class);

  /** The deadline of {@link #close()}. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** How long a cancelled task may take to complete its stage before the close reports it. */
  public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(5);

  /** What a task's failure does to its siblings. */
  public enum FailurePolicy {
    /**
     * The first failure cancels every other running task (and any task started later); {@link
     * #failure()} reports it and the close completes exceptionally with it. For work that is
     * useless once a part failed.
     */
    CANCEL_SIBLINGS,
    /**
     * A failure stays with its task: siblings keep running, {@link #failures()} collects the
     * failures, and the close succeeds. For independent work, e.g. one task per message.
     */
    ISOLATE
  }

  /** Runs an action after a delay; returns what cancels it. */
  @FunctionalInterface
  private interface Timer {
    Runnable schedule(Duration delay, Runnable action);
  }

  private final FailurePolicy policy;
  private final Timer timer;
  private final String name;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Set<Task<?>> running = new LinkedHashSet<>();
  private final Set<TaskScope> children = new LinkedHashSet<>();
  private final List<Throwable> failures = new ArrayList<>();
  private long started;
  private boolean closing;
  /** Completes once the scope is closing and no task is running. */
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private final CompletableFuture<Done> closed = new CompletableFuture<>();
  private final CompletionStage<Done> closedView = closed.minimalCompletionStage();
  private final AtomicReference<Runnable> pendingTimer = new AtomicReference<>(() -> {});

  private TaskScope(FailurePolicy policy, Timer timer, String name) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.timer = timer;
    this.name = name;
  }

  /**
   * Opens a scope whose deadline and grace timers run on one daemon timer thread shared by such
   * scopes. (Not {@code CompletableFuture.delayedExecutor}: on 2 cores its tasks run on a new thread
   * each, because the common pool has parallelism 1 there.)
   */
  public static TaskScope open(FailurePolicy policy) {
    return new TaskScope(policy, (delay, action) -> {
      ScheduledFuture<?> timed = SharedTimer.TIMER.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> timed.cancel(false);
    }, "task-scope");
  }

  /** The timer of scopes opened without an actor system, started on first use. */
  private static final class SharedTimer {
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tributary-task-scope-timer");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens a scope whose timers run on {@code system}'s scheduler and dispatcher. */
  public static TaskScope open(FailurePolicy policy, ActorSystem<?> system) {
    Objects.requireNonNull(system, "system");
    return new TaskScope(policy, (delay, action) -> {
      Cancellable timed = system.scheduler().scheduleOnce(delay, action, system.executionContext());
      return timed::cancel;
    }, "task-scope");
  }

  /**
   * Opens a scope nested in this one, with its own failure policy: closing this scope closes the
   * child with the same deadline, and cancelling it (a sibling's failure, the deadline) cancels
   * every task of the child. The child counts as one running task of this scope until it closed;
   * its close outcome is that task's outcome, so a failed {@code CANCEL_SIBLINGS} child is a
   * failure here. Under {@code CANCEL_SIBLINGS}, after a task failed, the child comes back closed.
   *
   * @throws IllegalStateException when this scope is closing
   */
  public TaskScope openChild(FailurePolicy childPolicy) {
    TaskScope child;
    synchronized (lock) {
      child = new TaskScope(childPolicy, timer, name + "/child-" + (started + 1));
    }
    launch(cancellation -> {
      cancellation.onCancel(() -> child.closeAsync(Duration.ZERO));
      return child.closed;
    }, child);
    child.closed.whenComplete((done, error) -> {
      synchronized (lock) {
        children.remove(child);
      }
    });
    return child;
  }

  /**
   * Starts a task that does not watch for cancellation: fine for one-shot work whose stage ends by
   * itself soon enough. See {@link #start(Function)}.
   *
   * @throws IllegalStateException when the scope is closing
   */
  public <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> task) {
    Objects.requireNonNull(task, "task");
    return start(cancellation -> task.get());
  }

  /**
   * Starts a task bound to this scope: {@code task} is called at once with the task's {@link
   * Cancellation} and returns the stage of its work. The returned stage completes like the task's
   * own, or exceptionally with a {@link TaskCancelledException} when the scope cancels the task. A
   * task that throws instead of returning a stage has failed. Under {@code CANCEL_SIBLINGS}, once a
   * task failed, {@code task} is not called and the returned stage is already cancelled.
   *
   * @throws IllegalStateException when the scope is closing: tasks are started before the close
   */
  public <T> CompletionStage<T> start(Function<? super Cancellation, ? extends CompletionStage<T>> task) {
    Objects.requireNonNull(task, "task");
    return launch(task, null);
  }

  /** @return the tasks whose own stage has not completed yet, cancelled ones included */
  public int running() {
    synchronized (lock) {
      return running.size();
    }
  }

  /** @return the first failure of a task in this scope, if any (under either policy) */
  public Optional<Throwable> failure() {
    synchronized (lock) {
      return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(0));
    }
  }

  /** @return the failures of tasks in this scope, in the order they happened */
  public List<Throwable> failures() {
    synchronized (lock) {
      return List.copyOf(failures);
    }
  }

  /** Closes with {@link #DEFAULT_CANCEL_GRACE}; see {@link #closeAsync(Duration, Duration)}. */
  public CompletionStage<Done> closeAsync(Duration deadline) {
    return closeAsync(deadline, DEFAULT_CANCEL_GRACE);
  }

  /**
   * Closes the scope: it stops accepting tasks at once, closes its child scopes with the same
   * deadline, and waits for the running tasks. At {@code deadline} it cancels the tasks still
   * running and waits up to {@code cancelGrace} more for them to complete their stages.
   *
   * <p>Completes with {@code Done} once no task is running; under {@code CANCEL_SIBLINGS} with the
   * first failure instead, if a task failed; with an {@link IllegalStateException} naming the
   * tasks that were still running {@code cancelGrace} after their cancellation (they ignored it).
   * Calling it again returns the same stage; the first call's durations apply.
   */
  public CompletionStage<Done> closeAsync(Duration deadline, Duration cancelGrace) {
    requireNotNegative(deadline, "deadline");
    requireNotNegative(cancelGrace, "cancelGrace");
    List<TaskScope> openChildren;
    boolean idle;
    synchronized (lock) {
      if (closing) {
        return closedView;
      }
      closing = true;
      openChildren = List.copyOf(children);
      idle = running.isEmpty();
    }
    log.debug("{}: closing with {} task(s) running, deadline {}", name, running(), deadline);
    settled.whenComplete((ok, error) -> finish(null));
    for (TaskScope child : openChildren) {
      child.closeAsync(deadline, cancelGrace);
    }
    if (idle) {
      settled.complete(null);
    } else if (deadline.isZero()) {
      cancelRemaining(deadline, cancelGrace);
    } else {
      schedule(deadline, () -> cancelRemaining(deadline, cancelGrace));
    }
    return closedView;
  }

  /**
   * Closes with {@link #DEFAULT_DEADLINE} and waits: {@code closeAsync(DEFAULT_DEADLINE).join()}.
   * It blocks the calling thread: inside an actor or a stream stage use {@link #closeAsync}.
   *
   * @throws java.util.concurrent.CompletionException with the first failure under {@code
   *     CANCEL_SIBLINGS}, or when tasks ignored their cancellation
   */
  @Override
  public void close() {
    closeAsync(DEFAULT_DEADLINE).toCompletableFuture().join();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return name + "(" + policy + ", running=" + running.size() + ", failures=" + failures.size()
          + (closing ? ", closing" : "") + ")";
    }
  }

  private <T> CompletionStage<T> launch(Function<? super Cancellation, ? extends CompletionStage<T>> work,
      TaskScope child) {
    Task<T> task;
    synchronized (lock) {
      if (closing) {
        throw new IllegalStateException(name + " is closing: no task may start in it any more "
            + "(start tasks before close/closeAsync, or open a new scope)");
      }
      if (policy == FailurePolicy.CANCEL_SIBLINGS && !failures.isEmpty()) {
        task = null;
      } else {
        task = new Task<>(name + "/task-" + (++started));
        running.add(task);
        if (child != null) {
          children.add(child);
        }
      }
    }
    if (task == null) {
      if (child != null) {
        child.closeAsync(Duration.ZERO);
      }
      return CompletableFuture.failedStage(new TaskCancelledException(
          name + ": task not started, a sibling task failed", failure().orElse(null)));
    }
    CompletionStage<T> own;
    try {
      own = Objects.requireNonNull(work.apply(task.cancellation),
          "the task returned null instead of a stage");
    } catch (Throwable e) { // a task that throws has failed, like one whose stage failed
      own = CompletableFuture.failedStage(e);
    }
    own.whenComplete((value, error) -> onTaskDone(task, value, error));
    return task.result.minimalCompletionStage();
  }

  private <T> void onTaskDone(Task<T> task, T value, Throwable error) {
    Throwable cause = unwrap(error);
    List<Task<?>> toCancel = List.of();
    boolean idle;
    synchronized (lock) {
      running.remove(task);
      if (cause != null && !task.cancellation.isCancelled()) {
        failures.add(cause);
        if (policy == FailurePolicy.CANCEL_SIBLINGS && failures.size() == 1) {
          toCancel = new ArrayList<>(running);
        }
      }
      idle = closing && running.isEmpty();
    }
    task.cancellation.release();
    if (cause == null) {
      task.result.complete(value);
    } else {
      task.result.completeExceptionally(cause);
    }
    if (!toCancel.isEmpty()) {
      log.debug("{}: {} failed ({}); cancelling {} sibling(s)", name, task.name, cause.toString(),
          toCancel.size());
    }
    for (Task<?> sibling : toCancel) {
      sibling.cancel(new TaskCancelledException(
          sibling.name + " cancelled: sibling " + task.name + " failed", cause));
    }
    if (idle) {
      settled.complete(null);
    }
  }

  private void cancelRemaining(Duration deadline, Duration cancelGrace) {
    List<Task<?>> left;
    synchronized (lock) {
      left = new ArrayList<>(running);
    }
    if (left.isEmpty()) {
      return;
    }
    log.info("{}: cancelling {} task(s) still running after the close deadline of {}", name,
        left.size(), deadline);
    for (Task<?> task : left) {
      task.cancel(new TaskCancelledException(task.name + " cancelled: " + name
          + " closed and the task was still running after the deadline of " + deadline));
    }
    if (!settled.isDone()) {
      schedule(cancelGrace, () -> reportIgnoredCancellation(cancelGrace));
    }
  }

  private void reportIgnoredCancellation(Duration cancelGrace) {
    List<String> left;
    synchronized (lock) {
      left = running.stream().map(task -> task.name).collect(Collectors.toList());
    }
    if (left.isEmpty()) {
      return;
    }
    IllegalStateException leaked = new IllegalStateException(left.size() + " task(s) of " + name
        + " did not complete their stage within " + cancelGrace + " of their cancellation and may "
        + "still be running: " + left + " (a task must stop and complete its stage once its "
        + "Cancellation fires)");
    log.warn(leaked.getMessage());
    finish(leaked);
  }

  private void finish(Throwable leaked) {
    pendingTimer.getAndSet(() -> {}).run();
    Optional<Throwable> first = policy == FailurePolicy.CANCEL_SIBLINGS ? failure() : Optional.empty();
    if (first.isPresent()) {
      closed.completeExceptionally(first.get());
    } else if (leaked != null) {
      closed.completeExceptionally(leaked);
    } else {
      closed.complete(Done.getInstance());
    }
  }

  private void schedule(Duration delay, Runnable action) {
    Runnable cancel = timer.schedule(delay, () -> {
      if (!closed.isDone()) {
        action.run();
      }
    });
    pendingTimer.set(cancel);
    if (closed.isDone()) { // finished while scheduling: the timer is not needed
      pendingTimer.getAndSet(() -> {}).run();
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void requireNotNegative(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + duration);
    }
  }

  /** One task: its cancellation signal and the stage handed to the caller. */
  private static final class Task<T> {
    final String name;
    final CancellationSignal cancellation;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Task(String name) {
      this.name = name;
      this.cancellation = new CancellationSignal(name);
    }

    void cancel(TaskCancelledException reason) {
      // The caller's stage fails first, so that it reads cancelled whatever the task's onCancel
      // actions do; a task that already finished is left alone.
      if (result.completeExceptionally(reason)) {
        cancellation.cancel(reason);
      }
    }
  }
}
