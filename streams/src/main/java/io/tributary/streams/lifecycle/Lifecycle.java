package io.tributary.streams.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hooks components into Pekko's CoordinatedShutdown so that a service stops in order:
 * {@code service-unbind} stops intake, {@code service-requests-done} drains in-flight work (bounded
 * by a drain timeout), {@code service-stop} commits, flushes and closes, then {@code
 * actor-system-terminate}. SIGTERM and Ctrl-C take this path through the JVM shutdown hook; a host
 * that embeds Tributary stops a component the same way with {@link Registration#stop()}, without
 * terminating its actor system.
 *
 * <p>Each phase logs one line when it starts and one when it ends, with the in-flight count and
 * the time it took; {@code service-stop} ends with the component's report line. Configure
 * {@code pekko.coordinated-shutdown.phases.service-requests-done.timeout} above the drain timeout
 * (a warning says so when it is not), or the phase moves on before the drain ends.
 */
public final class Lifecycle {

  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private Lifecycle() {}

  /** A registered component: stop it through the API with the same sequence as a shutdown. */
  public static final class Registration {
    private final GracefulStop component;
    private final Duration drainTimeout;
    private final Step<Done> unbind;
    private final Step<Done> drain;
    private final Step<String> release;

    private Registration(GracefulStop component, Duration drainTimeout) {
      this.component = component;
      this.drainTimeout = drainTimeout;
      this.unbind = new Step<>(component, CoordinatedShutdown.PhaseServiceUnbind(), component::stopIntake);
      this.drain = new Step<>(component, CoordinatedShutdown.PhaseServiceRequestsDone(),
          () -> component.drain(drainTimeout));
      this.release = new Step<>(component, CoordinatedShutdown.PhaseServiceStop(), component::release);
    }

    /**
     * Runs stop intake, drain and release in order (each at most once, shared with the
     * CoordinatedShutdown tasks) and completes with the report line; the actor system keeps running.
     */
    public CompletionStage<String> stop() {
      return unbind.run().thenCompose(a -> drain.run()).thenCompose(b -> release.run());
    }

    /** Completes with the report once the release step ran (by a shutdown or by {@link #stop()}). */
    public CompletionStage<String> stopped() {
      return release.completion;
    }

    /** @return the component */
    public GracefulStop component() {
      return component;
    }

    /** @return the drain timeout in effect */
    public Duration drainTimeout() {
      return drainTimeout;
    }
  }

  /** One step, run once, logged at its start and end. */
  private static final class Step<R> {
    private final GracefulStop component;
    private final String phase;
    private final Supplier<CompletionStage<R>> action;
    private final AtomicReference<CompletableFuture<R>> result = new AtomicReference<>();
    /** Completes with the step's outcome, whoever ran it. */
    final CompletableFuture<R> completion = new CompletableFuture<>();

    Step(GracefulStop component, String phase, Supplier<CompletionStage<R>> action) {
      this.component = component;
      this.phase = phase;
      this.action = action;
    }

    CompletionStage<R> run() {
      CompletableFuture<R> mine = completion;
      CompletableFuture<R> existing = result.compareAndExchange(null, mine);
      if (existing != null) {
        return existing;
      }
      long started = System.nanoTime();
      log.info("shutdown phase {} started: {} in-flight={}", phase, component.name(), component.inFlight());
      CompletionStage<R> stage;
      try {
        stage = action.get();
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      stage.whenComplete((value, error) -> {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (error == null) {
          log.info("shutdown phase {} done: {} in-flight={} took={}ms", phase, component.name(),
              component.inFlight(), millis);
          if (value instanceof String report) {
            log.info("shutdown report: {} {}", component.name(), report);
          }
          mine.complete(value);
        } else {
          log.warn("shutdown phase {} failed: {} in-flight={} took={}ms: {}", phase, component.name(),
              component.inFlight(), millis, error.toString());
          mine.completeExceptionally(error);
        }
      });
      return mine;
    }
  }

  /**
   * Registers {@code component} with the actor system's CoordinatedShutdown.
   *
   * @param drainTimeout how long {@code service-requests-done} waits for in-flight work
   */
  public static Registration register(ClassicActorSystemProvider system, GracefulStop component,
      Duration drainTimeout) {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    Duration phaseTimeout = Duration.ofMillis(cs.timeout(CoordinatedShutdown.PhaseServiceRequestsDone()).toMillis());
    if (phaseTimeout.compareTo(drainTimeout) < 0) {
      log.warn("{}: drain timeout {} exceeds the service-requests-done phase timeout {}; raise "
              + "pekko.coordinated-shutdown.phases.service-requests-done.timeout or the drain is cut short",
          component.name(), drainTimeout, phaseTimeout);
    }
    Registration registration = new Registration(component, drainTimeout);
    String id = component.name().replaceAll("[^A-Za-z0-9-]", "-");
    cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "tributary-unbind-" + id,
        () -> registration.unbind.run());
    cs.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "tributary-drain-" + id,
        () -> registration.unbind.run().thenCompose(d -> registration.drain.run()));
    cs.addTask(CoordinatedShutdown.PhaseServiceStop(), "tributary-release-" + id,
        () -> registration.stop().thenApply(report -> Done.getInstance()));
    return registration;
  }

  /**
   * Closes a resource the host registered (a connection, a client a handler uses) in {@code
   * service-stop}: after the drain, so in-flight handlers keep their dependencies until they finish.
   */
  public static void closeOnStop(ClassicActorSystemProvider system, String name, AutoCloseable resource) {
    Objects.requireNonNull(resource, "resource");
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(),
        "tributary-close-" + name.replaceAll("[^A-Za-z0-9-]", "-"), () -> {
          try {
            resource.close();
            log.info("closed {} in service-stop", name);
          } catch (Exception e) {
            log.warn("closing {} in service-stop failed: {}", name, e.toString());
          }
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }
}
