package io.tributary.pipeline.event;

import io.tributary.streams.envelope.AckCountdown;
import io.tributary.streams.trace.TraceContext;
import java.util.Objects;
import java.util.Optional;

/**
 * An event on its way through a pipeline graph, with the countdown that acknowledges its source
 * message, the named output of the component that emitted it ({@code null}: the default output) and
 * the source message's W3C trace context, which broker sinks write on what they emit. Every delivery
 * ends in exactly one {@link #done()}: a sink accepted it, or a transform dropped it. The pipeline's
 * form of {@link io.tributary.streams.envelope.Delivery}, with the output a graph routes on.
 *
 * @param event the event
 * @param ack acknowledges the source message once every branch is done
 * @param output the emitting component's output, {@code null} for its default output
 * @param trace the source message's trace context (its processing span's with OpenTelemetry), or {@code null}
 */
public record Delivery(Event event, AckCountdown ack, String output, TraceContext trace) {

  /** Validates the parts. */
  public Delivery {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ack, "ack");
  }

  /** A delivery without a trace context. */
  public Delivery(Event event, AckCountdown ack, String output) {
    this(event, ack, output, null);
  }

  /** @return a delivery of {@code event} on the default output */
  public static Delivery of(Event event, AckCountdown ack) {
    return new Delivery(event, ack, null, null);
  }

  /** @return the same source message carrying another event, on the default output */
  public Delivery withEvent(Event newEvent) {
    return new Delivery(newEvent, ack, null, trace);
  }

  /** @return the same source message carrying {@code newEvent} on output {@code name} ({@code null}: default) */
  public Delivery derived(Event newEvent, String name) {
    return new Delivery(newEvent, ack, name, trace);
  }

  /** @return the same delivery on output {@code name} */
  public Delivery toOutput(String name) {
    return new Delivery(event, ack, name, trace);
  }

  /** @return the source message's trace context, if it carried one */
  public Optional<TraceContext> traceContext() {
    return Optional.ofNullable(trace);
  }

  /** This branch is done with the event (accepted by a sink, or dropped on purpose). */
  public void done() {
    ack.release();
  }
}
