package io.tributary.bench.broadcast;

/**
 * The idle strategy of the Disruptor's {@code YieldingWaitStrategy}, for the contenders that bring
 * no wait strategy of their own (channel receivers, and every sender whose offer was refused):
 * spin {@value #SPIN_TRIES} times, then {@link Thread#yield()} on each further idle round. Using
 * the same strategy on both sides is what makes the channel comparable to Disruptor-yielding.
 *
 * <p>Not thread-safe: one instance per waiting thread.
 */
final class YieldingBackoff {

  /** Busy-spin rounds before yielding, as in the Disruptor's {@code YieldingWaitStrategy}. */
  static final int SPIN_TRIES = 100;

  private int counter = SPIN_TRIES;

  /** Call after progress: the next idle round starts spinning again. */
  void reset() {
    counter = SPIN_TRIES;
  }

  /** One idle round: spin while the budget lasts, then yield the core. */
  void idle() {
    if (counter == 0) {
      Thread.yield();
    } else {
      counter--;
      Thread.onSpinWait();
    }
  }
}
