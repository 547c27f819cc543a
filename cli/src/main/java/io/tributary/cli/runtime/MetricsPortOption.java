package io.tributary.cli.runtime;

import io.tributary.actors.node.MetricsServer;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Option;

/**
 * The {@code --metrics-port} option of the long-running commands (a picocli mixin): serves {@code /metrics}
 * (Prometheus), {@code /health/live} and {@code /health/ready} while the command runs (see {@link
 * MetricsServer}) and prints {@code metrics: http://127.0.0.1:P/metrics} on stderr, where P is the port
 * served (the free one picked for 0).
 */
public final class MetricsPortOption {

  @Option(names = "--metrics-port", paramLabel = "P",
      description = "Serve /metrics (Prometheus), /health/live and /health/ready on port P while running "
          + "(0: a free port).")
  private Integer port;

  /** @return whether {@code --metrics-port} was given */
  public boolean requested() {
    return port != null;
  }

  /**
   * Serves the runtime's telemetry when {@code --metrics-port} was given, until its actor system terminates
   * (ready turns 503 when the graceful stop begins).
   *
   * @param runtime the command's runtime
   * @param command the command's name for an error line, e.g. {@code consume}
   * @return false when the port could not be served (the error line was printed); true otherwise
   */
  public boolean serve(ServiceRuntime runtime, String command) {
    if (port == null) {
      return true;
    }
    if (port < 0 || port > 65_535) {
      System.err.println("tributary " + command + ": --metrics-port must be 0..65535, got " + port);
      return false;
    }
    MetricsServer server;
    try {
      server = MetricsServer.start(runtime.system(), port);
    } catch (IllegalStateException e) {
      System.err.println("tributary " + command + ": " + e.getMessage());
      return false;
    }
    CoordinatedShutdown.get(runtime.system()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "tributary-metrics-server", () -> {
          server.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    System.err.println("metrics: " + server.url());
    return true;
  }
}
