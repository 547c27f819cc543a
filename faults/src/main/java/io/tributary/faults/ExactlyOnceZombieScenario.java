package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.testkit.KafkaRecords;
import io.tributary.testkit.TestEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code exactly-once-zombie}: two exactly-once consumers ({@link TransactionalConsumerMain}, each its own {@code
 * transactional.id}, dynamic group membership) share the input; a third of the way through, one is frozen with
 * SIGSTOP past its 6 s session timeout (12 s), so the group gives its partitions to the other, then thawed with
 * SIGCONT. The thawed zombie holds an open transaction and offsets of a generation that is gone: KIP-447 fencing
 * (its group metadata in {@code sendOffsetsToTransaction}) or the lost-partitions callback must keep any of it from
 * committing. The output, read with {@code read_committed}, must hold every event exactly once, in key order.
 * Recovery: from the SIGSTOP to the first result the other consumer committed for the zombie's partitions' events
 * after it (approximated by the first result committed after the freeze).
 */
final class ExactlyOnceZombieScenario implements Scenario {

  private static final Duration FROZEN = Duration.ofSeconds(12);

  @Override
  public String name() {
    return "exactly-once-zombie";
  }

  @Override
  public String proves() {
    return "an exactly-once consumer frozen past its session timeout and thawed cannot commit: each result is "
        + "exactly once, in key order, in the read_committed output";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    try (EmbeddedKafkaBroker kafka = KafkaBrokers.start(dir.resolve("kafka"))) {
      String in = "faults-eos-zombie-in";
      String out = "faults-eos-zombie-out";
      String group = "faults-eos-zombie";
      kafka.createTopic(in, 4);
      kafka.createTopic(out, 4);
      long frozenAt;
      try (KafkaWorkloadProducer client = new KafkaWorkloadProducer(kafka.bootstrapServers(), in);
           ConsumerProcess zombie = start(kafka, in, out, group, workload, dir, "eos-zombie");
           ConsumerProcess survivor = start(kafka, in, out, group, workload, dir, "eos-survivor")) {
        // both members in a stable group first: the producer paces the run, so the freeze meets a flowing stream
        Poll.until(workload.completionTimeout(), "both consumers in the group",
            () -> ConsumerKillScenario.stableMembers(kafka.bootstrapServers(), group) == 2);
        ProducerRun producer = new ProducerRun(client, workload,
            id -> workload.json(id).getBytes(StandardCharsets.UTF_8)).start();
        long third = workload.messages() / 3;
        Poll.until(workload.completionTimeout(), third + " events committed before the freeze", () -> {
          if (!zombie.isAlive() || !survivor.isAlive()) {
            throw new IllegalStateException("a consumer exited early; see " + dir);
          }
          return ExactlyOnceKillScenario.committed(kafka.bootstrapServers(), group) >= third;
        });
        frozenAt = System.currentTimeMillis();
        signal("STOP", zombie.pid());
        try {
          Thread.sleep(FROZEN.toMillis()); // the fault itself: the zombie stays frozen this long
        } finally {
          signal("CONT", zombie.pid());
        }
        Poll.until(workload.completionTimeout(), "every event committed after the thaw", () -> {
          if (!survivor.isAlive()) {
            throw new IllegalStateException("the surviving consumer exited; see " + dir);
          }
          if (producer.done().isCompletedExceptionally()) {
            producer.done().join();
          }
          return producer.done().isDone()
              && ExactlyOnceKillScenario.committed(kafka.bootstrapServers(), group) >= workload.messages();
        });
        boolean stopped = zombie.stop(Duration.ofSeconds(30), dir) & survivor.stop(Duration.ofSeconds(30), dir);
        zombieEvidence(dir);
        ScenarioResult r = result(workload, kafka, out, frozenAt);
        return stopped ? r : r.withFailure("a consumer did not stop gracefully; see " + dir);
      }
    }
  }

  /** Logs what the zombie's own log says happened to it after the thaw: lost partitions, a failed commit, an abort. */
  private static void zombieEvidence(Path dir) {
    List<String> seen = new ArrayList<>();
    for (String file : List.of("eos-zombie.stdout", "eos-zombie.stderr")) {
      try {
        for (String line : java.nio.file.Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8)) {
          if (line.contains("lost partitions") || line.contains("transaction commit on")
              || line.contains("transaction aborted") || line.contains("Fenced") || line.contains("fenced")) {
            seen.add(line.length() > 300 ? line.substring(0, 300) : line);
          }
        }
      } catch (java.io.IOException e) {
        // no such output: nothing to report
      }
    }
    LOG.info("exactly-once-zombie: the zombie's log after the thaw: {}", seen.isEmpty() ? "nothing about fencing"
        : String.join(" | ", seen));
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExactlyOnceZombieScenario.class);

  private static ConsumerProcess start(EmbeddedKafkaBroker kafka, String in, String out, String group,
      Workload workload, Path dir, String instance) throws Exception {
    return ConsumerProcess.startMain(TransactionalConsumerMain.class, List.of(kafka.bootstrapServers(), in, out,
        group, instance, Integer.toString(workload.parallelism()),
        Long.toString(workload.handlerDelay().toNanos() / 1_000), "dynamic"), instance, dir);
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  private ScenarioResult result(Workload workload, EmbeddedKafkaBroker kafka, String out, long frozenAt) {
    PayloadDecoder<TestEvent> decoder = PayloadDecoder.json(TestEvent.class);
    List<Verifier.Line> lines = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaRecords.readCommitted(kafka.bootstrapServers(), out)) {
      try {
        TestEvent e = decoder.decode(r.value());
        lines.add(new Verifier.Line(e.id(), e.key(), e.seq(), "p" + r.partition(), r.timestamp()));
      } catch (Exception e) {
        return ScenarioResult.failed(name(), "an output record is not an event: " + e);
      }
    }
    Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
    Optional<Long> recovery = Verifier.recoveryMs(lines, frozenAt, l -> true);
    ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
        counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
    if (counts.duplicated() > 0) {
      r = r.withFailure(counts.duplicated() + " results duplicated in the read_committed output");
    }
    return recovery.isPresent() ? r : r.withFailure("nothing was committed after the freeze");
  }
}
