package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Event;
import java.util.Objects;

/**
 * An event an {@link EventTransform} emits, with the output it goes to.
 *
 * @param output the named output, or {@code null} for the default output
 * @param event the event
 */
public record Routed(String output, Event event) {

  /** Validates the event. */
  public Routed {
    Objects.requireNonNull(event, "event");
  }

  /** @return {@code event} on the default output */
  public static Routed of(Event event) {
    return new Routed(null, event);
  }

  /** @return {@code event} on output {@code output} */
  public static Routed to(String output, Event event) {
    return new Routed(Objects.requireNonNull(output, "output"), event);
  }
}
