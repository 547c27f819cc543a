package io.tributary.cli.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The process around a long-running sample command: an actor system whose CoordinatedShutdown
 * phase timeouts fit the drain timeout, and signal handling. The first SIGTERM or Ctrl-C runs
 * CoordinatedShutdown (stop intake, drain, commit, close) and exits with the command's code (0
 * after a clean drain); a second one stops at once — nothing more is committed, so at-least-once
 * still holds.
 */
public final class ServiceRuntime {

  private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);

  /** A shutdown asked for by the command itself (idle, done) rather than by a signal. */
  private static final class CommandDone implements CoordinatedShutdown.Reason {}

  private final ActorSystem<Void> system;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final AtomicInteger exitCode = new AtomicInteger(0);
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private ServiceRuntime(ActorSystem<Void> system) {
    this.system = system;
    system.getWhenTerminated().whenComplete((t, e) -> exit.complete(exitCode.get()));
  }

  /**
   * Starts an actor system for a command whose components drain for up to {@code drainTimeout}.
   */
  public static ServiceRuntime start(String name, Duration drainTimeout) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name,
        shutdownConfig(drainTimeout).withFallback(ConfigFactory.load()));
    return new ServiceRuntime(system);
  }

  /**
   * The CoordinatedShutdown settings of a command's actor system: phase timeouts that fit a drain of
   * up to {@code drainTimeout}, and no {@code System.exit} from Pekko (the command returns its code).
   * For an actor system made elsewhere (a cluster node's), then {@link #attach}ed.
   *
   * @param drainTimeout how long the components drain at most
   * @return the settings, to put in front of the system's config
   */
  public static Config shutdownConfig(Duration drainTimeout) {
    long drainMillis = drainTimeout.toMillis();
    return ConfigFactory.parseMap(Map.of(
        "pekko.coordinated-shutdown.phases.service-requests-done.timeout", (drainMillis + 2_000) + "ms",
        "pekko.coordinated-shutdown.phases.service-stop.timeout", "35s",
        "pekko.coordinated-shutdown.phases.service-unbind.timeout", "10s",
        "pekko.coordinated-shutdown.exit-jvm", "off"));
  }

  /**
   * The signal handling and exit code of a command around an actor system that was made elsewhere
   * (with {@link #shutdownConfig} in its config), e.g. a cluster node's.
   *
   * @param system the actor system; its termination ends the command
   * @return the runtime
   */
  @SuppressWarnings("unchecked")
  public static ServiceRuntime attach(ActorSystem<?> system) {
    // The runtime never messages the guardian: its type parameter does not matter here.
    return new ServiceRuntime((ActorSystem<Void>) system);
  }

  /** @return the actor system */
  public ActorSystem<Void> system() {
    return system;
  }

  /** Handles SIGTERM and SIGINT: the first runs the graceful shutdown, the second halts. */
  public ServiceRuntime handleSignals() {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> onSignal(signal.getName()));
      } catch (IllegalArgumentException e) {
        log.debug("cannot handle SIG{} here: {}", name, e.getMessage());
      }
    }
    return this;
  }

  private void onSignal(String name) {
    if (signalled.compareAndSet(false, true)) {
      log.info("SIG{} received: stopping gracefully (send it again to stop at once)", name);
      shuttingDown.set(true);
      CoordinatedShutdown.get(system).run(CoordinatedShutdown.jvmExitReason());
    } else {
      log.warn("SIG{} received again: stopping at once, without waiting for the drain", name);
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(130);
    }
  }

  /** @return whether a shutdown (signal or {@link #shutdown}) has begun */
  public boolean isShuttingDown() {
    return shuttingDown.get();
  }

  /** Ends the service from inside (idle, done, failed) with {@code code}, through the graceful sequence. */
  public void shutdown(int code) {
    exitCode.accumulateAndGet(code, Math::max);
    shuttingDown.set(true);
    CoordinatedShutdown.get(system).run(new CommandDone());
  }

  /** Raises the exit code (the highest wins) without stopping. */
  public void failWith(int code) {
    exitCode.accumulateAndGet(code, Math::max);
  }

  /** Blocks until the actor system terminated; returns the exit code. */
  public int awaitExit() {
    return exit.join();
  }
}
