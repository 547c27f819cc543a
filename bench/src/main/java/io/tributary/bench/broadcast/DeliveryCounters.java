package io.tributary.bench.broadcast;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary results of {@link BroadcastBenchmark}, reported by JMH as rates ({@code ops/s}) next to
 * the primary score (values sent per second): what each receiver actually got and lost. For a
 * lossless contender {@code delivered} equals the primary score; for LAG receivers it is lower and
 * {@code missed} makes up the difference.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class DeliveryCounters {

  /** Values handed to a receiver, averaged over the receivers. */
  public double delivered;

  /** Values a receiver lost to lag, averaged over the receivers. */
  public double missed;

  /** JMH reports counters per iteration: start each one from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    delivered = 0;
    missed = 0;
  }
}
