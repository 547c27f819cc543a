package io.tributary.actors.scope;

import java.util.Optional;

/**
 * The cancellation signal a {@link TaskScope} hands to each task it starts: use it inside a task
 * whose work outlives a single call (a timer, a polling loop, a chain of retries) to notice that
 * the scope cancelled it and stop that work.
 *
 * <p>A task either checks {@link #isCancelled()} (or calls {@link #throwIfCancelled()}) before each
 * step, or registers {@link #onCancel(Runnable)} to stop its work at once. Either way it then
 * completes its own stage, typically exceptionally with {@link #reason()}: the scope counts the
 * task as running until that stage completes, and its close waits for it.
 */
public interface Cancellation {

  /** @return whether the scope cancelled the task */
  boolean isCancelled();

  /** @return why the task was cancelled, once it was */
  Optional<TaskCancelledException> reason();

  /**
   * Runs {@code action} once when the task is cancelled, on the thread that cancels it; at once, on
   * the caller's thread, when it already was. Keep it short and non-blocking (cancel a timer,
   * complete a future). Register once per task, not once per step: registrations are kept until
   * the cancellation fires or the scope lets go of the task.
   */
  void onCancel(Runnable action);

  /** Throws the {@link #reason()} when the task was cancelled: a check point in a loop. */
  default void throwIfCancelled() {
    Optional<TaskCancelledException> reason = reason();
    if (reason.isPresent()) {
      throw reason.get();
    }
  }

  /** @return a cancellation that never fires: to run a scope's task function outside a scope */
  static Cancellation none() {
    return CancellationSignal.NEVER;
  }
}
