package io.tributary.pipeline.event;

import io.tributary.streams.envelope.AckCountdown;
import java.util.Objects;

/**
 * An event on its way through a pipeline graph, with the countdown that acknowledges its source
 * message and the named output of the component that emitted it ({@code null}: the default
 * output). Every delivery ends in exactly one {@link #done()}: a sink accepted it, or a transform
 * dropped it. The pipeline's form of {@link io.tributary.streams.envelope.Delivery}, with the
 * output a graph routes on.
 *
 * @param event the event
 * @param ack acknowledges the source message once every branch is done
 * @param output the emitting component's output, {@code null} for its default output
 */
public record Delivery(Event event, AckCountdown ack, String output) {

  /** Validates the parts. */
  public Delivery {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ack, "ack");
  }

  /** @return a delivery of {@code event} on the default output */
  public static Delivery of(Event event, AckCountdown ack) {
    return new Delivery(event, ack, null);
  }

  /** @return the same source message carrying another event, on the default output */
  public Delivery withEvent(Event newEvent) {
    return new Delivery(newEvent, ack, null);
  }

  /** @return the same delivery on output {@code name} */
  public Delivery toOutput(String name) {
    return new Delivery(event, ack, name);
  }

  /** This branch is done with the event (accepted by a sink, or dropped on purpose). */
  public void done() {
    ack.release();
  }
}
