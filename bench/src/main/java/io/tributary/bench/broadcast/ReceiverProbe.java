package io.tributary.bench.broadcast;

import java.util.function.Consumer;

/**
 * The per-value work of one receiver, identical for every contender: add the value into a sum
 * (a blackhole that has to unbox, i.e. read the value object), count it, and recognize the last
 * value of a batch by identity.
 *
 * <p>Written by the receiver's thread only. {@link #batches()} is the one volatile: the benchmark
 * thread reads it to know the batch arrived, and that read makes {@link #count()} and {@link
 * #sum()}, written before it, visible.
 */
final class ReceiverProbe implements Consumer<Long> {

  /** The last value of every batch; all values are distinct objects, so identity is unambiguous. */
  private final Long last;

  private long sum;
  private long count;
  private volatile long batches;

  /** @param last the last value of the batch the sender pushes on each invocation */
  ReceiverProbe(Long last) {
    this.last = last;
  }

  @Override
  public void accept(Long value) {
    sum += value;
    count++;
    if (value == last) {
      batches++; // single writer: a volatile increment is safe and costs one store per batch
    }
  }

  /** @return how many batches this receiver has seen the end of */
  long batches() {
    return batches;
  }

  /** @return how many values this receiver was handed so far (read after {@link #batches()}) */
  long count() {
    return count;
  }

  /** @return the sum of the values handed over (read after {@link #batches()}) */
  long sum() {
    return sum;
  }
}
