package io.tributary.streams.processing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one materialized processing runner, readable from any thread: what a progress
 * display or a shutdown report shows. Materialized by {@link Processing#flow}.
 */
public final class ProcessingMetrics {
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  private final LongAdder received = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder withdrawn = new LongAdder();
  private volatile LaneSnapshot lanes = LaneSnapshot.inactive("none");

  /** @return handlers running now */
  public long inFlight() {
    return inFlight.get();
  }

  /** @return messages held by the runner now (running, parked, waiting for their key, or to be emitted) */
  public long buffered() {
    return buffered.get();
  }

  /** @return messages the runner took in (each once, however often it was attempted) */
  public long received() {
    return received.sum();
  }

  /** @return messages (and so their lanes) parked now: backing off before a retry */
  public long parked() {
    return parked.get();
  }

  /** @return messages whose handler succeeded */
  public long succeeded() {
    return succeeded.sum();
  }

  /** @return failed attempts that were retried */
  public long retried() {
    return retried.sum();
  }

  /** @return messages written to the dead-letter destination */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /** @return messages skipped after their last failed attempt */
  public long skipped() {
    return skipped.sum();
  }

  /** @return messages dropped unprocessed because their source withdrew them (partition revoked) */
  public long withdrawn() {
    return withdrawn.sum();
  }

  /**
   * @return what the runner's lanes were doing when it last looked (every {@code
   *     tributary.health.check-interval}): the lanes with work in flight, what waits behind them, and how
   *     long they made no progress; {@link LaneMonitor} turns it into health
   */
  public LaneSnapshot lanes() {
    return lanes;
  }

  void publishLanes(LaneSnapshot snapshot) {
    lanes = snapshot;
  }

  void onReceived() {
    received.increment();
  }

  void setParked(long n) {
    parked.lazySet(n);
  }

  void onWithdrawn() {
    withdrawn.increment();
  }

  void setInFlight(long n) {
    inFlight.lazySet(n);
  }

  void setBuffered(long n) {
    buffered.lazySet(n);
  }

  void onSuccess() {
    succeeded.increment();
  }

  void onRetry() {
    retried.increment();
  }

  void onDeadLettered() {
    deadLettered.increment();
  }

  void onSkipped() {
    skipped.increment();
  }

  @Override
  public String toString() {
    return "ProcessingMetrics(received=" + received() + ", inFlight=" + inFlight() + ", buffered=" + buffered()
        + ", parked=" + parked() + ", succeeded="
        + succeeded() + ", retried=" + retried() + ", deadLettered=" + deadLettered() + ", skipped="
        + skipped() + ", withdrawn=" + withdrawn() + ")";
  }
}
