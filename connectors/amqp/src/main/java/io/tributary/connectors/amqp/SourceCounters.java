package io.tributary.connectors.amqp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one materialized {@link AmqpSource}, written from any thread, read by {@link AmqpControl}. */
final class SourceCounters {
  final LongAdder delivered = new LongAdder();
  final LongAdder redelivered = new LongAdder();
  final LongAdder acknowledged = new LongAdder();
  final LongAdder requeued = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder stale = new LongAdder();
  final LongAdder undecodable = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder recoveries = new LongAdder();
  private final AtomicLong maxUnacknowledged = new AtomicLong();

  /** Records the number of unacknowledged deliveries the consumer holds after a delivery. */
  void observeUnacknowledged(long n) {
    long max = maxUnacknowledged.get();
    while (n > max && !maxUnacknowledged.compareAndSet(max, n)) {
      max = maxUnacknowledged.get();
    }
  }

  long maxUnacknowledged() {
    return maxUnacknowledged.get();
  }
}
