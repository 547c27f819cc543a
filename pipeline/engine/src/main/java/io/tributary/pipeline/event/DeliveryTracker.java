package io.tributary.pipeline.event;

import io.tributary.streams.envelope.AckCountdown;
import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.trace.MessageTracing;
import io.tributary.streams.trace.ProcessingSpan;

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

  /**
   * Opens a broker message: its processing through the pipeline runs in its trace ({@link MessageTracing}),
   * a span from here until every branch is done when the OpenTelemetry API is present, and the sinks write
   * its trace context on what they emit.
   *
   * @param event the message's event
   * @param message the message (its headers, position and acknowledgement)
   * @param system the messaging system ({@code kafka}, {@code rabbitmq}, {@code nats})
   * @return the delivery
   */
  public Delivery open(Event event, Envelope<?> message, String system) {
    ProcessingSpan span = MessageTracing.start(message.headers(), message.position(), system);
    // The source's own acknowledgement stays in the countdown (an exactly-once sink reaches its handle there).
    AckCountdown countdown = span.recording() ? counts.open(message.ack(), () -> span.end(null))
        : counts.open(message.ack());
    return new Delivery(event, countdown, null, span.context().orElse(null));
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
