package io.tributary.streams.envelope;

import java.util.Objects;

/**
 * A value on its way to one or more sinks, with the {@link AckCountdown} that acknowledges its
 * source message once every branch is done: the unit to stream when one message may fan out.
 * Every delivery a branch holds ends in exactly one {@link #done()}.
 *
 * <pre>{@code
 * Delivery<Order> d = tracker.open(envelope.payload(), envelope.ack());
 * d.share(2);            // two sinks will each call done()
 * }</pre>
 *
 * @param value the value carried
 * @param countdown acknowledges the source message once every branch is done
 * @param <T> the value type
 */
public record Delivery<T>(T value, AckCountdown countdown) {

  /** Validates the parts. */
  public Delivery {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(countdown, "countdown");
  }

  /**
   * A delivery of a new source message, with a countdown of its own.
   *
   * @param value the value
   * @param ack acknowledges the message at its source
   * @param <T> the value type
   * @return the delivery, held by one branch
   */
  public static <T> Delivery<T> of(T value, Acknowledgement ack) {
    return new Delivery<>(value, new AckCountdown(ack));
  }

  /**
   * @param newValue the value that replaces this one
   * @param <R> its type
   * @return the same source message carrying another value
   */
  public <R> Delivery<R> withValue(R newValue) {
    return new Delivery<>(newValue, countdown);
  }

  /**
   * Hands this delivery to {@code branches} consumers instead of one: each must call {@link
   * #done()} once.
   *
   * @param branches the consumers (at least 1)
   * @return this delivery
   */
  public Delivery<T> share(int branches) {
    if (branches < 1) {
      throw new IllegalArgumentException("branches must be >= 1, was " + branches);
    }
    countdown.retain(branches - 1);
    return this;
  }

  /** This branch is done with the value (accepted by a sink, or dropped on purpose). */
  public void done() {
    countdown.release();
  }
}
