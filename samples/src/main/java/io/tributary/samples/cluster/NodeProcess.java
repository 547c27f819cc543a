package io.tributary.samples.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tributary node} in a child JVM on this JVM's classpath, its stdout and stderr in
 * files: started, killed with SIGKILL, or stopped with SIGTERM.
 */
final class NodeProcess {

  private final int index;
  private final int port;
  private final String clientId;
  private final Path out;
  private final Path err;
  private final Process process;

  private NodeProcess(int index, int port, String clientId, Path out, Path err, Process process) {
    this.index = index;
    this.port = port;
    this.clientId = clientId;
    this.out = out;
    this.err = err;
    this.process = process;
  }

  /**
   * Starts node {@code index} (from 1) on {@code port}, joining {@code seedPort} (none: it forms the cluster).
   *
   * @param nodeArguments the node's Kafka and handler options
   */
  static NodeProcess start(int index, int port, Integer seedPort, List<String> nodeArguments, Path dir)
      throws IOException {
    String clientId = "cluster-demo-node-" + index;
    Path out = dir.resolve("node-" + index + ".out");
    Path err = dir.resolve("node-" + index + ".stderr");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // C1 only: a node of this demo needs no peak throughput, and C2's compiler threads compete with
        // three other JVMs for 2 cores while they start (the start took 25-30 s beside a busy core).
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.tributary.cli.Main", "node", "--port", Integer.toString(port), "--client-id", clientId,
        "--out", out.toString()));
    if (seedPort != null) {
      command.addAll(List.of("--join", "127.0.0.1:" + seedPort));
    }
    command.addAll(nodeArguments);
    Process p = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("node-" + index + ".stdout").toFile())
        .redirectError(err.toFile())
        .start();
    return new NodeProcess(index, port, clientId, out, err, p);
  }

  int index() {
    return index;
  }

  int port() {
    return port;
  }

  String clientId() {
    return clientId;
  }

  Path out() {
    return out;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** @return whether the node printed its ready line */
  boolean isReady() throws IOException {
    return Files.exists(err) && Files.readString(err).contains("node: ready ");
  }

  /** @return whether its stderr holds {@code text} */
  boolean stderrContains(String text) throws IOException {
    return Files.exists(err) && Files.readString(err).contains(text);
  }

  /** @return the last lines of its stderr, for a failure message */
  String stderrTail(int lines) {
    try {
      List<String> all = Files.readAllLines(err);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  /**
   * Writes a thread dump of the node's JVM to {@code node-<index>.threads.txt} beside its output,
   * with the JDK's {@code jcmd <pid> Thread.print} (a JDK without it: SIGQUIT, which makes the JVM
   * print the dump into its stdout file).
   *
   * @return where the dump is, or null when it could not be taken
   */
  Path threadDump(Duration bound) {
    Path dump = err.resolveSibling("node-" + index + ".threads.txt");
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      if (Files.isExecutable(jcmd)) {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
            .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        if (p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0) {
          return dump;
        }
        p.destroyForcibly();
      }
      Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start();
      if (quit.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) && quit.exitValue() == 0) {
        return err.resolveSibling("node-" + index + ".stdout");
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** SIGKILL: no shutdown hook, no commit, no hand-off, no leaving. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, without waiting. */
  void terminate() {
    process.destroy();
  }

  /** @return the exit code once it exited within {@code millis}, else null */
  Integer awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }
}
