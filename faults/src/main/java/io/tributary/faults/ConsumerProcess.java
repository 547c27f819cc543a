package io.tributary.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link ConsumerMain} in a child JVM on this JVM's classpath: started, killed with SIGKILL, or stopped. */
final class ConsumerProcess implements AutoCloseable {

  private final Process process;
  private final String instance;

  private ConsumerProcess(Process process, String instance) {
    this.process = process;
    this.instance = instance;
  }

  static ConsumerProcess start(Target target, Workload workload, Path file, String instance, Path dir)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ConsumerMain.class.getName(), target.address(), target.source(), target.group(), file.toString(),
        instance, Integer.toString(workload.parallelism()),
        Long.toString(workload.handlerDelay().toNanos() / 1_000), Integer.toString(workload.keys())));
    Process p = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(instance + ".stdout").toFile())
        .redirectError(dir.resolve(instance + ".stderr").toFile())
        .start();
    return new ConsumerProcess(p, instance);
  }

  /**
   * Starts {@code main} in a child JVM on this JVM's classpath, its output in {@code dir/<instance>.stdout} and
   * {@code .stderr}.
   */
  static ConsumerProcess startMain(Class<?> main, List<String> args, String instance, Path dir) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(instance + ".stdout").toFile())
        .redirectError(dir.resolve(instance + ".stderr").toFile())
        .start();
    return new ConsumerProcess(p, instance);
  }

  /** @return the child's process id (for signals such as SIGSTOP) */
  long pid() {
    return process.pid();
  }

  String instance() {
    return instance;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no commit, no close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM and a wait for the graceful stop, then SIGKILL if it took longer than {@code bound}.
   *
   * @return whether the process stopped within the bound and printed its runner's report
   */
  boolean stop(Duration bound, Path dir) throws Exception {
    process.destroy();
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      return false;
    }
    Path stdout = dir.resolve(instance + ".stdout");
    return java.nio.file.Files.readString(stdout).contains(ConsumerMain.STOPPED);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
