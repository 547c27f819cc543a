package io.tributary.faults;

import io.tributary.streams.lifecycle.SourceRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import org.apache.pekko.actor.ActorSystem;

/**
 * A workload flowing through one broker: the producer thread and an in-process consumer (the connector's runner)
 * writing to the file sink {@code processed.log} in the scenario's directory. Closing it stops both.
 */
final class Flow implements AutoCloseable {

  final Workload workload;
  final Path file;
  final ProducerRun producer;
  private final WorkloadProducer client;
  private final ActorSystem system;
  private final ScheduledExecutorService timer;
  private final ProcessedLog log;
  private SourceRunner<?> consumer;

  private Flow(Workload workload, Path file, WorkloadProducer client, ProducerRun producer, ActorSystem system,
      ScheduledExecutorService timer, ProcessedLog log) {
    this.workload = workload;
    this.file = file;
    this.client = client;
    this.producer = producer;
    this.system = system;
    this.timer = timer;
    this.log = log;
  }

  /** Starts the consumer on {@code target}, then the producer. */
  static Flow start(String name, Workload workload, Path dir, Target target, WorkloadProducer client,
      LongFunction<byte[]> payload, LongPredicate reject) throws Exception {
    Path file = dir.resolve("processed.log");
    ProcessedLog log = ProcessedLog.open(file);
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    ActorSystem system = ActorSystem.create("faults-" + name);
    Flow flow = new Flow(workload, file, client, new ProducerRun(client, workload, payload), system, timer, log);
    try {
      flow.consumer = WorkloadConsumer.start(system, target, workload, log, "consumer-1", timer, reject);
      flow.producer.start();
      return flow;
    } catch (Exception | Error e) {
      flow.close();
      throw e;
    }
  }

  SourceRunner<?> consumer() {
    return consumer;
  }

  /** Starts another consumer of {@code target} in this flow's actor system, writing to the same file sink. */
  SourceRunner<?> startConsumer(Target target, String instance) {
    return WorkloadConsumer.start(system, target, workload, log, instance, timer, id -> false);
  }

  /** Waits until {@code n} expected events were processed (a fraction of the workload: the fault comes then). */
  void awaitProcessed(long n, LongPredicate expected) throws Exception {
    Poll.until(workload.completionTimeout(), n + " events processed", () -> {
      failFast();
      return Verifier.processedExpected(Verifier.read(file), expected) >= n;
    });
  }

  /** Waits until the producer stored every event and every expected event was processed. */
  void awaitAll(LongPredicate expected) throws Exception {
    long want = 0;
    for (long id = 0; id < workload.messages(); id++) {
      want += expected.test(id) ? 1 : 0;
    }
    long total = want;
    Poll.until(workload.completionTimeout(), "all " + total + " expected events processed", () -> {
      failFast();
      return producer.done().isDone() && Verifier.processedExpected(Verifier.read(file), expected) >= total;
    });
  }

  private void failFast() {
    if (producer.done().isCompletedExceptionally()) {
      producer.done().join(); // throws the producer's error
    }
    if (consumer != null && consumer.completion().toCompletableFuture().isCompletedExceptionally()) {
      consumer.completion().toCompletableFuture().join(); // throws the consumer stream's error
    }
  }

  /** @return the file's lines */
  List<Verifier.Line> lines() throws Exception {
    return Verifier.read(file);
  }

  /** Stops the consumer gracefully and returns its report. */
  String stopConsumer() throws Exception {
    SourceRunner<?> c = consumer;
    consumer = null;
    return c == null ? "" : WorkloadConsumer.stop(c);
  }

  @Override
  public void close() throws Exception {
    try {
      if (consumer != null) {
        stopConsumer();
      }
    } finally {
      client.close();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      timer.shutdownNow();
      log.close();
    }
  }
}
