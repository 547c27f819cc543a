package io.tributary.actors.scope;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Cancellation} of one task in a {@link TaskScope}: fired at most once, thread-safe. */
final class CancellationSignal implements Cancellation {

  private static final Logger log = LoggerFactory.getLogger(CancellationSignal.class);

  /** The signal of {@link Cancellation#none()}: never fires, keeps no registrations. */
  static final Cancellation NEVER = new Cancellation() {
    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public Optional<TaskCancelledException> reason() {
      return Optional.empty();
    }

    @Override
    public void onCancel(Runnable action) {}
  };

  private final String task;
  private final AtomicReference<TaskCancelledException> reason = new AtomicReference<>();
  private final Queue<Runnable> actions = new ConcurrentLinkedQueue<>();

  CancellationSignal(String task) {
    this.task = task;
  }

  @Override
  public boolean isCancelled() {
    return reason.get() != null;
  }

  @Override
  public Optional<TaskCancelledException> reason() {
    return Optional.ofNullable(reason.get());
  }

  @Override
  public void onCancel(Runnable action) {
    actions.add(action);
    if (isCancelled()) {
      runActions();
    }
  }

  /** Fires the signal; returns false when it had fired before. */
  boolean cancel(TaskCancelledException why) {
    if (!reason.compareAndSet(null, why)) {
      return false;
    }
    runActions();
    return true;
  }

  /** Drops the registrations of a task that finished: nothing is left to stop. */
  void release() {
    actions.clear();
  }

  // Registration and cancellation may race: both drain the queue, and poll() hands each action to
  // exactly one of them, so every action runs once.
  private void runActions() {
    Runnable action;
    while ((action = actions.poll()) != null) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("{}: an onCancel action failed: {}", task, e.toString(), e);
      }
    }
  }
}
