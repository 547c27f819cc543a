package io.tributary.pipeline.event;

import io.tributary.streams.envelope.Acknowledgement;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a pipeline's source messages: how many entered, how many were acknowledged, and so how
 * many are in flight. Sources open every message through it.
 */
public final class DeliveryTracker {

  private final LongAdder opened = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();

  /** @return a delivery of a new source message whose acknowledgement is {@code ack} */
  public Delivery open(Event event, Acknowledgement ack) {
    opened.increment();
    return Delivery.of(event, new AckCountdown(ack, acknowledged::increment));
  }

  /** @return source messages that entered the pipeline */
  public long opened() {
    return opened.sum();
  }

  /** @return source messages acknowledged (every branch done) */
  public long acknowledged() {
    return acknowledged.sum();
  }

  /** @return source messages not yet acknowledged */
  public long inFlight() {
    return Math.max(0, opened.sum() - acknowledged.sum());
  }
}
