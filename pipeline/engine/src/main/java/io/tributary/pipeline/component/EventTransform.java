package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Event;
import java.util.List;

/**
 * The per-event logic of a transform, free of streams and acknowledgements (so it is tested with
 * plain events): for one event, the events to emit and their outputs. An empty list drops the
 * event (it counts as done); several entries send it to several outputs. One instance serves one
 * stream, one event at a time, so it may keep state (a sample's counter).
 */
@FunctionalInterface
public interface EventTransform {

  /** @return what to emit for {@code event}; empty to drop it */
  List<Routed> apply(Event event);
}
