package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.pipeline.ComponentRegistry;
import io.tributary.pipeline.Pipeline;
import io.tributary.pipeline.RunningPipeline;
import io.tributary.pipeline.config.ConfigLoader;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code slow-sink}: a pipeline (the engine's {@code kafka} source, two sinks reading it, a fan-out) in which one
 * sink stalls for 30 s (quick: 3 s) a fifth of the way through. A source message is acknowledged only once every
 * sink has it, so while the sink stalls the group's committed offsets must stay at or before the first event it has
 * not taken, and the events held in flight (the delivery tracker's count) must stay bounded: the stream
 * backpressures instead of buffering the topic. Afterwards both sinks have every event. Recovery is from the stall's
 * end to the first event the stalled sink takes after it.
 */
final class SlowSinkScenario implements Scenario {

  /**
   * Events in flight the pipeline may hold at most while a sink stalls: its stream buffers, not the topic (the
   * quick stall alone sees 1,500 events produced).
   */
  static final long IN_FLIGHT_BOUND = 1_000;

  private static final Logger log = LoggerFactory.getLogger(SlowSinkScenario.class);
  private static final String TOPIC = "faults-slow-sink";
  private static final String GROUP = "faults-slow-sink";
  private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * What the stall cost besides the counts.
   *
   * @param result the counts (both sinks' lost, duplicated and order violations added up)
   * @param stall how long the sink stalled
   * @param samples how often the committed offsets and the in-flight count were read during the stall
   * @param commitsPastStall samples in which a partition's committed offset was past the stalled sink's position
   * @param committedUpToStall whether a sample saw the committed offsets reach the stalled sink's position exactly
   * @param maxInFlight the most events the pipeline held in flight during the stall
   * @param maxHeapBytes the most heap used during the stall (the whole JVM's)
   * @param backlog at the stall's end, events sent that the stalled sink had not taken (waiting in the topic or in
   *     flight)
   */
  record Measured(ScenarioResult result, Duration stall, long samples, long commitsPastStall,
      boolean committedUpToStall, long maxInFlight, long maxHeapBytes, long backlog) {}

  @Override
  public String name() {
    return "slow-sink";
  }

  @Override
  public String proves() {
    return "a stalled sink of a fan-out holds its source back: nothing is committed past the first event it has "
        + "not taken, memory stays bounded, and both sinks get everything once it resumes";
  }

  /** @return the stall: 30 s for the full workload, 3 s for smaller ones (the quick form) */
  static Duration stallOf(Workload workload) {
    return workload.messages() >= Workload.full().messages() ? Duration.ofSeconds(30) : Duration.ofSeconds(3);
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    Measured m = measure(workload, dir);
    log.info("slow-sink: stalled {} s, {} samples, max in flight {}, backlog at the stall's end {}, max heap used {} "
        + "MiB, commits past the stall {}", m.stall().toSeconds(), m.samples(), m.maxInFlight(), m.backlog(),
        m.maxHeapBytes() >> 20, m.commitsPastStall());
    return m.result();
  }

  /** Runs the scenario and returns the counts with the stall's measurements. */
  Measured measure(Workload workload, Path dir) throws Exception {
    Duration stall = stallOf(workload);
    Path fastFile = dir.resolve("fast.log");
    Path slowFile = dir.resolve("slow.log");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "faults-slow-sink");
    try (EmbeddedKafkaBroker kafka = KafkaBrokers.start(dir.resolve("kafka"));
        ProcessedLog fastLog = ProcessedLog.open(fastFile);
        ProcessedLog slowLog = ProcessedLog.open(slowFile)) {
      kafka.createTopic(TOPIC, 4);
      String bootstrap = kafka.bootstrapServers();
      StallableLogSink fast = new StallableLogSink(fastLog, "fast");
      StallableLogSink slow = new StallableLogSink(slowLog, "slow");
      ComponentRegistry registry = ComponentRegistry.defaults()
          .withSink("faults_log", o -> fast).withSink("faults_stalling_log", o -> slow);
      Pipeline pipeline = Pipeline.parse(ConfigLoader.parse(
          "sources { in { type = kafka, bootstrap_servers = \"" + bootstrap + "\", topics = [" + TOPIC + "], "
              + "group_id = " + GROUP + ", commit_interval_ms = 200 } }\n"
              + "sinks {\n  fast { type = faults_log, inputs = [in] }\n"
              + "  slow { type = faults_stalling_log, inputs = [in] }\n}"), registry, name());
      RunningPipeline running = pipeline.start(system);
      ProducerRun producer;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
          KafkaWorkloadProducer client = new KafkaWorkloadProducer(bootstrap, TOPIC)) {
        producer = new ProducerRun(client, workload, id -> workload.json(id).getBytes(StandardCharsets.UTF_8));
        producer.start();
        Poll.until(workload.completionTimeout(), "a fifth of the events in the stalling sink", () -> {
          failFast(running, producer);
          return Verifier.processedExpected(Verifier.read(slowFile), id -> true) >= workload.messages() / 5;
        });

        slow.stall();
        long stallStart = System.nanoTime();
        long samples = 0;
        long past = 0;
        boolean upTo = false;
        long maxInFlight = 0;
        long maxHeap = 0;
        Runtime rt = Runtime.getRuntime();
        while (System.nanoTime() - stallStart < stall.toNanos()) {
          failFast(running, producer);
          // committed first, then the sink's position: a commit read here was made when the sink stood no further
          Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
          Map<Long, Long> position = slow.nextOffsets();
          boolean beyond = false;
          boolean equal = !committed.isEmpty();
          for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
            long at = position.getOrDefault((long) c.getKey().partition(), 0L);
            if (c.getValue().offset() > at) {
              beyond = true;
              log.error("slow-sink: {} committed at {}, past the stalled sink's position {}", c.getKey(),
                  c.getValue().offset(), at);
            }
            equal &= c.getValue().offset() == at;
          }
          past += beyond ? 1 : 0;
          upTo |= equal && committed.size() == position.size();
          maxInFlight = Math.max(maxInFlight, running.inFlight());
          maxHeap = Math.max(maxHeap, rt.totalMemory() - rt.freeMemory());
          samples++;
          LockSupport.parkNanos(SAMPLE_NANOS); // the sampling pace while the stall lasts, not a wait for an event
        }
        long backlog = producer.sent() - Verifier.processedExpected(Verifier.read(slowFile), id -> true);
        long stallEnd = System.currentTimeMillis();
        slow.resume();

        Poll.until(workload.completionTimeout(), "every event in both sinks", () -> {
          failFast(running, producer);
          return producer.done().isDone()
              && Verifier.processedExpected(Verifier.read(slowFile), id -> true) >= workload.messages()
              && Verifier.processedExpected(Verifier.read(fastFile), id -> true) >= workload.messages();
        });
        Poll.until(Duration.ofSeconds(30), "the group committed every record", () -> KafkaRecords
            .committedOffsets(bootstrap, GROUP, TOPIC).equals(KafkaRecords.endOffsets(bootstrap, TOPIC)));
        running.stopIntake().toCompletableFuture().get(30, TimeUnit.SECONDS);
        running.drain(Duration.ofSeconds(10)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        log.info("slow-sink: pipeline stopped: {}", running.release().toCompletableFuture().get(30, TimeUnit.SECONDS));

        List<Verifier.Line> slowLines = Verifier.read(slowFile);
        Verifier.Counts s = Verifier.count(slowLines, workload.messages(), id -> true);
        Verifier.Counts f = Verifier.count(Verifier.read(fastFile), workload.messages(), id -> true);
        Optional<Long> recovery = Verifier.recoveryMs(slowLines, stallEnd, l -> true);
        ScenarioResult r = new ScenarioResult(name(), workload.messages(), s.lost() + f.lost(),
            s.duplicated() + f.duplicated(), s.orderViolations() + f.orderViolations(), recovery.orElse(-1L),
            Optional.empty());
        if (recovery.isEmpty()) {
          r = r.withFailure("the stalled sink took nothing after the stall");
        }
        if (past > 0) {
          r = r.withFailure(past + " of " + samples + " samples saw a commit past the stalled sink");
        }
        if (!upTo) {
          r = r.withFailure("the committed offsets never reached the stalled sink's position during the stall");
        }
        if (maxInFlight > IN_FLIGHT_BOUND) {
          r = r.withFailure(maxInFlight + " events in flight during the stall, more than " + IN_FLIGHT_BOUND);
        }
        return new Measured(r, stall, samples, past, upTo, maxInFlight, maxHeap, backlog);
      } finally {
        running.stopIntake();
        running.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void failFast(RunningPipeline running, ProducerRun producer) {
    if (producer.done().isCompletedExceptionally()) {
      producer.done().join(); // throws the producer's error
    }
    if (running.completion().toCompletableFuture().isCompletedExceptionally()) {
      running.completion().toCompletableFuture().join(); // throws the pipeline's error
    }
  }
}
