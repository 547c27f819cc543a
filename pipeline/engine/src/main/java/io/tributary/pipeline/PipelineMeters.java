package io.tributary.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.pipeline.component.ComponentCounters;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.streams.telemetry.MeterGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one running pipeline, read from its counters when scraped: per pipeline {@code
 * tributary.pipeline.received}, {@code .acknowledged} and {@code .in.flight} (source messages); per
 * component {@code tributary.pipeline.component.events.in}, {@code .events.out}, {@code .dropped} and {@code
 * .errors}. Tags: {@code pipeline}, and {@code component} and {@code kind} (source, transform, sink).
 */
final class PipelineMeters implements AutoCloseable {

  private final MeterRegistry registry;
  private final String pipeline;
  private final List<MeterGroup> groups = new ArrayList<>();

  PipelineMeters(MeterRegistry registry, String pipeline, DeliveryTracker tracker) {
    this.registry = registry;
    this.pipeline = pipeline;
    groups.add(new MeterGroup(registry, Tags.of("pipeline", pipeline))
        .counter("tributary.pipeline.received", "source messages that entered the pipeline", tracker,
            DeliveryTracker::opened)
        .counter("tributary.pipeline.acknowledged", "source messages every branch is done with", tracker,
            DeliveryTracker::acknowledged)
        .gauge("tributary.pipeline.in.flight", "source messages in the pipeline now", tracker,
            DeliveryTracker::inFlight));
  }

  /** Registers the meters of one component. */
  synchronized void component(ComponentRef ref, ComponentCounters counters) {
    groups.add(new MeterGroup(registry, Tags.of("pipeline", pipeline, "component", ref.name(), "kind",
        ref.section().singular()))
        .counter("tributary.pipeline.component.events.in", "events that entered the component", counters,
            ComponentCounters::in)
        .counter("tributary.pipeline.component.events.out", "events the component emitted (every output)",
            counters, ComponentCounters::out)
        .counter("tributary.pipeline.component.dropped", "events the component dropped on purpose", counters,
            ComponentCounters::dropped)
        .counter("tributary.pipeline.component.errors", "events the component emitted on its error output",
            counters, ComponentCounters::errors));
  }

  /** Removes every meter of the pipeline (idempotent). */
  @Override
  public synchronized void close() {
    groups.forEach(MeterGroup::close);
    groups.clear();
  }
}
