package io.tributary.pipeline.event;

import io.tributary.streams.envelope.Acknowledgement;

/**
 * Counts a pipeline's source messages: how many entered, how many were acknowledged, and so how
 * many are in flight. Sources open every message through it. The counting is {@link
 * io.tributary.streams.envelope.DeliveryTracker}'s; this adds the pipeline's {@link Delivery}.
 */
public final class DeliveryTracker {

  private final io.tributary.streams.envelope.DeliveryTracker counts =
      new io.tributary.streams.envelope.DeliveryTracker();

  /** @return a delivery of a new source message whose acknowledgement is {@code ack} */
  public Delivery open(Event event, Acknowledgement ack) {
    return Delivery.of(event, counts.open(ack));
  }

  /** @return source messages that entered the pipeline */
  public long opened() {
    return counts.opened();
  }

  /** @return source messages acknowledged (every branch done) */
  public long acknowledged() {
    return counts.acknowledged();
  }

  /** @return source messages not yet acknowledged */
  public long inFlight() {
    return counts.inFlight();
  }
}
