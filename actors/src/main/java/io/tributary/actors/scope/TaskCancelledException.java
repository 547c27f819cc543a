package io.tributary.actors.scope;

import java.util.concurrent.CancellationException;

/**
 * The failure of a task that its {@link TaskScope} cancelled: catch it (or any {@link
 * CancellationException}) to tell a cancelled task from a failed one. The message says why the
 * scope cancelled the task; under {@link TaskScope.FailurePolicy#CANCEL_SIBLINGS} the cause is the
 * sibling's failure that triggered the cancellation.
 */
public final class TaskCancelledException extends CancellationException {

  /** A cancellation without an underlying failure (the scope's deadline passed). */
  public TaskCancelledException(String message) {
    super(message);
  }

  /** A cancellation caused by {@code cause}, e.g. the failure of a sibling task. */
  public TaskCancelledException(String message, Throwable cause) {
    super(message);
    if (cause != null) {
      initCause(cause);
    }
  }
}
