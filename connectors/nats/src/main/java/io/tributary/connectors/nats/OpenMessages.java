package io.tributary.connectors.nats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the messages of one materialized source from fetch to settlement: fetched and not yet
 * acknowledged or nak'd ({@link #open()}), and how each was settled. Thread-safe.
 */
final class OpenMessages {
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong highWater = new AtomicLong();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder nakd = new LongAdder();

  void fetched(int n) {
    long now = open.addAndGet(n);
    highWater.accumulateAndGet(now, Math::max);
  }

  void acknowledged() {
    open.decrementAndGet();
    acknowledged.increment();
  }

  void nakd() {
    open.decrementAndGet();
    nakd.increment();
  }

  long open() {
    return open.get();
  }

  long highWater() {
    return highWater.get();
  }

  long acknowledgedCount() {
    return acknowledged.sum();
  }

  long nakdCount() {
    return nakd.sum();
  }
}
