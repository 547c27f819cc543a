package io.tributary.faults;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local NATS server as a process: found by its executable, stopped with SIGTERM (JetStream writes its store
 * and exits) and started again with the same command line, so its store directory ({@code -sd}) and everything in
 * it is kept. Only for the machine's own server on 127.0.0.1.
 */
final class NatsServer {

  private static final Logger log = LoggerFactory.getLogger(NatsServer.class);
  /** How the development and CI machines start it ({@code .ci/run}), if its command line cannot be read. */
  private static final List<String> DEFAULT_COMMAND = List.of("/usr/sbin/nats-server", "-a", "127.0.0.1", "-p",
      "4222", "-js", "-sd", "/var/lib/nats-server", "-l", "/var/log/nats-server.log");

  private NatsServer() {}

  /** @return the running server's process, if one runs on this machine */
  static Optional<ProcessHandle> find() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/nats-server")).orElse(false))
        .findFirst();
  }

  /** @return whether SIGTERM and a restart of the local server are possible here */
  static boolean controllable() {
    return find().map(p -> p.info().command().isPresent()).orElse(false);
  }

  /**
   * Stops the server with SIGTERM, waits until it is gone, and returns the command line to start it again.
   *
   * @return the stopped server's command line
   */
  static List<String> stop() throws Exception {
    ProcessHandle server = find().orElseThrow(() -> new IllegalStateException("no nats-server process runs here"));
    List<String> command = commandOf(server);
    log.info("stopping nats-server (pid {}) with SIGTERM", server.pid());
    server.destroy();
    try {
      server.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      server.destroyForcibly();
      server.onExit().get(10, TimeUnit.SECONDS);
    }
    return command;
  }

  /** Starts the server with {@code command} in its own session, and returns once JetStream answers on {@code url}. */
  static void start(List<String> command, String url) throws Exception {
    if (find().isEmpty()) {
      List<String> detached = new ArrayList<>(List.of("setsid", "-f"));
      detached.addAll(command);
      new ProcessBuilder(detached).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    }
    Poll.until(Duration.ofSeconds(60), "NATS JetStream answering on " + url, () -> jetStreamAnswers(url));
  }

  /** Starts the server with the machine's usual command line if none runs (the scenario's safety net). */
  static void ensureRunning(List<String> command, String url) throws Exception {
    if (find().isEmpty()) {
      start(command == null ? DEFAULT_COMMAND : command, url);
    }
  }

  private static boolean jetStreamAnswers(String url) {
    try (Connection c = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2))
        .maxReconnects(0).errorListener(new ErrorListener() {}).build())) {
      c.jetStreamManagement().getAccountStatistics();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static List<String> commandOf(ProcessHandle server) {
    Optional<String> executable = server.info().command();
    Optional<String[]> arguments = server.info().arguments();
    if (executable.isEmpty() || arguments.isEmpty()) {
      return DEFAULT_COMMAND;
    }
    List<String> command = new ArrayList<>();
    command.add(executable.get());
    command.addAll(List.of(arguments.get()));
    return command;
  }
}
