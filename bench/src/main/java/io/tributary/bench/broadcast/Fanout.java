package io.tributary.bench.broadcast;

/**
 * One broadcast implementation wired for the benchmark: a single sender (the JMH thread) and one
 * receiver per {@link ReceiverProbe}, each receiver handing every value it gets to its probe on
 * its own thread(s). Built by {@link Contender#open}.
 */
interface Fanout extends AutoCloseable {

  /**
   * Sends every value, in order, from the calling thread; waits (boundedly) whenever the
   * implementation pushes back. Returns when the last value is in, not when it was received.
   *
   * @throws IllegalStateException when the deadline passed before the batch was in
   */
  void publish(Long[] values, Deadline deadline);

  /**
   * @return how many values receiver {@code index} lost to lag so far; 0 for lossless receivers
   *     (read after its probe reported the batch, so that the value is up to date)
   */
  default long missed(int index) {
    return 0;
  }

  /** Stops the receivers and releases threads; bounded, never throws. */
  @Override
  void close();
}
