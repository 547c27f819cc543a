package io.tributary.bench.broadcast;

/**
 * The idle strategy of the Disruptor's {@code YieldingWaitStrategy}, for the contenders that bring
 * no wait strategy of their own: spin a number of times, then {@link Thread#yield()} on each further
 * idle round.
 *
 * <p>Who uses which budget (see BENCHMARKS.md): every sender whose offer was refused, and the
 * benchmark thread waiting for the receivers, use {@link #sender()}, which yields at once, as the
 * Disruptor's own {@code RingBuffer.next()} gives up the core at once (it parks) when the ring is
 * full; channel receivers use {@link ChannelFanout#RECEIVER_SPINS} (0 by default: with 5 threads on
 * 2 cores, a receiver spinning on the sender's cursor steals the sender's core and its cache line).
 * Disruptor handlers keep {@code YieldingWaitStrategy}'s own 100 spins.
 *
 * <p>Not thread-safe: one instance per waiting thread.
 */
final class YieldingBackoff {

  private final int spinTries;
  private int counter;

  /** A waiting sender's back-off: yields at once. */
  static YieldingBackoff sender() {
    return new YieldingBackoff(0);
  }

  /** @param spinTries busy-spin rounds before yielding (0: yield at once) */
  YieldingBackoff(int spinTries) {
    this.spinTries = spinTries;
    this.counter = spinTries;
  }

  /** Call after progress: the next idle round starts spinning again. */
  void reset() {
    counter = spinTries;
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
