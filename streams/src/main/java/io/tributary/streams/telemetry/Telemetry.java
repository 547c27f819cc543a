package io.tributary.streams.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The meters and health of one actor system's Tributary components (a Pekko extension: one per actor
 * system). Components register their meters on {@link #registry()}, a composite: a host adds its own
 * registry (Spring Boot's, any Micrometer registry) with {@link #addRegistry}, standalone Tributary adds a
 * Prometheus one when it serves {@code /metrics}; meters registered before a registry is added appear in
 * it too. Until a registry is added, meters cost next to nothing (a composite without registries records
 * nothing).
 *
 * <pre>{@code
 * Telemetry.get(system).addRegistry(springMeterRegistry);   // before or after starting runners
 * }</pre>
 */
public final class Telemetry implements Extension {

  private static final Id ID = new Id();

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final Map<Long, Registered> indicators = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean stopping = new AtomicBoolean();

  private Telemetry() {}

  /**
   * @param system an actor system
   * @return its telemetry
   */
  public static Telemetry get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** @return the registry components register their meters on (a composite of the added registries) */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Adds a registry: every meter, registered before or after, is recorded in it too.
   *
   * @param added e.g. Spring Boot's {@code MeterRegistry}, or a {@code PrometheusMeterRegistry}
   * @return this
   */
  public Telemetry addRegistry(MeterRegistry added) {
    registry.add(Objects.requireNonNull(added, "registry"));
    return this;
  }

  /** @return the registries added so far */
  public List<MeterRegistry> registries() {
    return List.copyOf(registry.getRegistries());
  }

  /**
   * Registers a component's health; it counts in {@link #health()} until the registration is closed.
   *
   * @param indicator the component's health, asked on every request
   * @return closes the registration (idempotent)
   */
  public AutoCloseable register(HealthIndicator indicator) {
    Objects.requireNonNull(indicator, "indicator");
    long id = ids.incrementAndGet();
    indicators.put(id, new Registered(id, indicator));
    return () -> indicators.remove(id);
  }

  /** @return the health of every registered component, in registration order */
  public List<ComponentHealth> health() {
    List<Registered> all = new ArrayList<>(indicators.values());
    all.sort((a, b) -> Long.compare(a.id(), b.id()));
    List<ComponentHealth> out = new ArrayList<>(all.size());
    for (Registered r : all) {
      out.add(r.indicator().health());
    }
    return out;
  }

  /**
   * Marks the system as stopping (a graceful stop began): from now on it is not ready. Called by the
   * actor system's CoordinatedShutdown in its first phase ({@code before-service-unbind}).
   */
  public void markStopping() {
    stopping.set(true);
  }

  /** @return whether a graceful stop began */
  public boolean stopping() {
    return stopping.get();
  }

  /** @return ready: not stopping, and no registered component {@link HealthStatus#DOWN} */
  public boolean ready() {
    if (stopping.get()) {
      return false;
    }
    for (ComponentHealth h : health()) {
      if (h.status() == HealthStatus.DOWN) {
        return false;
      }
    }
    return true;
  }

  private record Registered(long id, HealthIndicator indicator) {}

  /** The extension's id. */
  private static final class Id extends AbstractExtensionId<Telemetry> {
    @Override
    public Telemetry createExtension(ExtendedActorSystem system) {
      Telemetry telemetry = new Telemetry();
      // Not ready from the first phase of a graceful stop on: load balancers stop sending during the drain.
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
          "tributary-telemetry-stopping", () -> {
            telemetry.markStopping();
            return CompletableFuture.completedFuture(Done.getInstance());
          });
      return telemetry;
    }
  }
}
