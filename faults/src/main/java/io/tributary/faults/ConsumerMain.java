package io.tributary.faults;

import io.tributary.streams.lifecycle.SourceRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.pekko.actor.ActorSystem;

/**
 * The entry point of a consumer in its own JVM, for the scenarios that kill it: runs the workload's consumer
 * ({@link WorkloadConsumer}) on a Kafka topic until SIGTERM (a graceful stop through CoordinatedShutdown) or
 * SIGKILL, and exits when the process that started it is gone. Arguments: bootstrap servers, topic, group, file
 * sink, instance name, parallelism, handler delay in microseconds, keys.
 */
public final class ConsumerMain {

  /** The line a graceful stop prints, followed by the runner's report. */
  static final String STOPPED = "stopped gracefully: ";

  private ConsumerMain() {}

  /**
   * Runs the consumer.
   *
   * @param args {@code <bootstrap> <topic> <group> <file> <instance> <parallelism> <delay-micros> <keys>}
   * @throws Exception when the consumer cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      throw new IllegalArgumentException("usage: ConsumerMain <bootstrap> <topic> <group> <file> <instance> "
          + "<parallelism> <delay-micros> <keys>");
    }
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(3)));
    Target target = new Target(Target.Broker.KAFKA, args[0], args[1], args[2]);
    Workload workload = new Workload(100, Integer.parseInt(args[7]), 1, Integer.parseInt(args[5]),
        Duration.ofNanos(Long.parseLong(args[6]) * 1_000), Duration.ofMinutes(1));
    ProcessedLog log = ProcessedLog.open(Path.of(args[3]));
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    ActorSystem system = ActorSystem.create("faults-consumer");
    SourceRunner<?> runner = WorkloadConsumer.start(system, target, workload, log, args[4], timer, id -> false);
    // SIGTERM: stop intake, drain, commit, close; the JVM then exits with 143 (128 + SIGTERM)
    runner.registerShutdown(WorkloadConsumer.DRAIN).stopped()
        .thenAccept(report -> System.out.println(STOPPED + report));
    System.out.println("consuming " + args[1] + " as " + args[4]);
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
