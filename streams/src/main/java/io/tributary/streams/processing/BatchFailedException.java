package io.tributary.streams.processing;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch handler's way to fail some messages of a batch and not the others: complete the batch's stage
 * with this exception, naming the failed messages by their index in the batch. Those are retried (and in
 * the end dead-lettered or skipped) as the runner's failure policy says; the others count as processed and
 * are acknowledged. Any other exception fails every message of the batch.
 */
public final class BatchFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Set<Integer> failed;

  /**
   * @param failed the indexes in the batch of the messages that failed
   * @param cause why they failed (what their dead-letter entries record)
   */
  public BatchFailedException(Set<Integer> failed, Throwable cause) {
    super(failed.size() + " message(s) of the batch failed: " + (cause == null ? "no cause given" : cause), cause);
    this.failed = Set.copyOf(failed);
  }

  /** @return the indexes of the failed messages, ascending */
  public List<Integer> failed() {
    return List.copyOf(new TreeSet<>(failed));
  }

  /** @return whether the message at {@code index} of the batch failed */
  public boolean failed(int index) {
    return failed.contains(index);
  }
}
