package io.tributary.streams.envelope;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the source messages of one run: how many entered, how many were acknowledged (every
 * branch done), and so how many are in flight. Sources open every message through it; a graceful
 * stop watches {@link #inFlight()} while it drains. Thread-safe.
 */
public final class DeliveryTracker {

  private final LongAdder opened = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();

  /**
   * Opens a source message.
   *
   * @param ack acknowledges the message at its source
   * @return its countdown, held once; the last release acknowledges it and counts it here
   */
  public AckCountdown open(Acknowledgement ack) {
    opened.increment();
    return new AckCountdown(ack, acknowledged::increment);
  }

  /**
   * Opens a source message, running {@code onDone} once it was acknowledged (a trace span ends there, say).
   *
   * @param ack acknowledges the message at its source
   * @param onDone runs once, right after the acknowledgement
   * @return its countdown, held once
   */
  public AckCountdown open(Acknowledgement ack, Runnable onDone) {
    opened.increment();
    return new AckCountdown(ack, () -> {
      acknowledged.increment();
      onDone.run();
    });
  }

  /**
   * Opens a source message carrying {@code value}.
   *
   * @param value the message's value
   * @param ack acknowledges the message at its source
   * @param <T> the value type
   * @return a delivery of it, held by one branch
   */
  public <T> Delivery<T> open(T value, Acknowledgement ack) {
    return new Delivery<>(value, open(ack));
  }

  /** @return source messages opened */
  public long opened() {
    return opened.sum();
  }

  /** @return source messages acknowledged (every branch done) */
  public long acknowledged() {
    return acknowledged.sum();
  }

  /** @return source messages opened and not yet acknowledged */
  public long inFlight() {
    return Math.max(0, opened.sum() - acknowledged.sum());
  }
}
