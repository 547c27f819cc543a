package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Runs an {@link EventTransform} as a flow of deliveries and keeps the acknowledgement count
 * right: a dropped event is done at once; an event emitted {@code n} times holds {@code n}
 * references, one per emitted delivery.
 */
public final class EventTransformFlow {

  private EventTransformFlow() {}

  /** @return a flow that applies {@code transform} to each delivery's event */
  public static Flow<Delivery, Delivery, NotUsed> of(EventTransform transform) {
    return Flow.<Delivery>create().mapConcat(delivery -> apply(transform, delivery));
  }

  /** @return a flow that applies {@code transform}, counting its drops in the context's counters */
  public static Flow<Delivery, Delivery, NotUsed> of(EventTransform transform, RunContext context) {
    ComponentCounters counters = context.counters();
    return Flow.<Delivery>create().mapConcat(delivery -> {
      List<Delivery> out = apply(transform, delivery);
      if (out.isEmpty()) {
        counters.onDropped();
      }
      return out;
    });
  }

  /** Applies {@code transform} to one delivery (the flow's step, usable without a stream). */
  public static List<Delivery> apply(EventTransform transform, Delivery delivery) {
    List<Routed> routed = transform.apply(delivery.event());
    if (routed.isEmpty()) {
      delivery.done();
      return List.of();
    }
    if (routed.size() == 1) {
      Routed r = routed.get(0);
      return List.of(delivery.derived(r.event(), r.output()));
    }
    delivery.ack().retain(routed.size() - 1);
    List<Delivery> out = new ArrayList<>(routed.size());
    for (Routed r : routed) {
      out.add(delivery.derived(r.event(), r.output()));
    }
    return out;
  }
}
