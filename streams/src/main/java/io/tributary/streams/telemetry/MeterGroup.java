package io.tributary.streams.telemetry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one component, registered with the same tags and removed together when the component
 * stops ({@link #close()}). Counters and gauges read the component's own counters when scraped: nothing is
 * added to its hot path.
 *
 * <pre>{@code
 * MeterGroup meters = new MeterGroup(Telemetry.get(system).registry(), Tags.of("runner", name))
 *     .counter("tributary.runner.processed", "messages whose handler succeeded", metrics, m -> m.succeeded());
 * ...
 * meters.close();   // the component stopped: its meters go
 * }</pre>
 */
public final class MeterGroup implements AutoCloseable {

  private final MeterRegistry registry;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();

  /**
   * @param registry where to register (usually {@link Telemetry#registry()})
   * @param tags the tags of every meter of the group
   */
  public MeterGroup(MeterRegistry registry, Tags tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Objects.requireNonNull(tags, "tags");
  }

  /** @return the registry the group registers on */
  public MeterRegistry registry() {
    return registry;
  }

  /** @return the group's tags */
  public Tags tags() {
    return tags;
  }

  /**
   * Adds a counter that reads a monotonic count of {@code state} when scraped.
   *
   * @param name the meter's name, dot-separated lower case (Prometheus adds {@code _total})
   * @param description one line for the {@code # HELP} text
   * @param state the object counted
   * @param count reads the count
   * @return this
   */
  public synchronized <S> MeterGroup counter(String name, String description, S state, ToDoubleFunction<S> count) {
    meters.add(FunctionCounter.builder(name, state, count).description(description).tags(tags)
        .register(registry));
    return this;
  }

  /**
   * Adds a gauge that reads a current value of {@code state} when scraped (held strongly: it lives as long
   * as the group).
   *
   * @return this
   */
  public synchronized <S> MeterGroup gauge(String name, String description, S state, ToDoubleFunction<S> value) {
    meters.add(Gauge.builder(name, state, value).description(description).tags(tags).strongReference(true)
        .register(registry));
    return this;
  }

  /**
   * Adds a meter built elsewhere (a timer, a meter with more tags), to be removed with the group.
   *
   * @return the meter
   */
  public synchronized <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  /**
   * Removes one meter of the group now (e.g. a subscriber that left).
   *
   * @param meter a meter added to this group
   */
  public synchronized void remove(Meter meter) {
    if (meters.remove(meter)) {
      registry.remove(meter);
    }
  }

  /** Removes every meter of the group from the registry (idempotent). */
  @Override
  public synchronized void close() {
    for (Meter m : meters) {
      registry.remove(m);
    }
    meters.clear();
  }
}
