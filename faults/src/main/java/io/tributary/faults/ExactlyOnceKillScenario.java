package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.testkit.KafkaRecords;
import io.tributary.testkit.TestEvent;
import io.tributary.streams.codec.PayloadDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code exactly-once-kill}: an exactly-once consumer ({@link TransactionalConsumerMain}: Kafka to Kafka, one
 * transaction per batch) is killed with SIGKILL at three random points of the run and restarted each time with the
 * same {@code transactional.id} (which aborts the dead one's open transaction) and the same static group member
 * id. The output topic, read with {@code read_committed}, must hold every event exactly once, each key in order:
 * {@code duplicated} counts as a failure here. Recovery is from the last kill to the first result committed after it.
 */
final class ExactlyOnceKillScenario implements Scenario {

  private static final int KILLS = 3;

  @Override
  public String name() {
    return "exactly-once-kill";
  }

  @Override
  public String proves() {
    return "an exactly-once consumer killed with SIGKILL again and again leaves each result exactly once, in key "
        + "order, in the read_committed output";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    try (EmbeddedKafkaBroker kafka = KafkaBrokers.start(dir.resolve("kafka"))) {
      String in = "faults-eos-in";
      String out = "faults-eos-out";
      String group = "faults-eos";
      kafka.createTopic(in, 4);
      kafka.createTopic(out, 4);
      long seed = System.nanoTime();
      Random random = new Random(seed);
      List<Long> killedAt = new ArrayList<>();
      ProducerRun producer;
      try (KafkaWorkloadProducer client = new KafkaWorkloadProducer(kafka.bootstrapServers(), in)) {
        // the last tenth waits for the last kill: the kills fall in the run, not after its end, and the last
        // consumer has work to commit (the recovery measured)
        producer = new ProducerRun(client, workload, id -> workload.json(id).getBytes(StandardCharsets.UTF_8))
            .holdFrom(workload.messages() * 9L / 10).start();
        ConsumerProcess current = start(kafka, in, out, group, workload, dir, 1);
        try {
          for (int kill = 1; kill <= KILLS; kill++) {
            // a random point in the kill-th quarter of the run, by committed input
            long at = (long) (workload.messages() * (kill - 0.5 + random.nextDouble()) / (KILLS + 1));
            ConsumerProcess running = current;
            Poll.until(workload.completionTimeout(), at + " events committed before kill " + kill, () -> {
              if (!running.isAlive()) {
                throw new IllegalStateException("the consumer exited early; see " + dir);
              }
              return committed(kafka.bootstrapServers(), group) >= at;
            });
            killedAt.add(System.currentTimeMillis());
            current.kill();
            current = start(kafka, in, out, group, workload, dir, kill + 1);
          }
          producer.release();
          ConsumerProcess last = current;
          Poll.until(workload.completionTimeout(), "every event committed after the last kill", () -> {
            if (!last.isAlive()) {
              throw new IllegalStateException("the last consumer exited; see " + dir);
            }
            if (producer.done().isCompletedExceptionally()) {
              producer.done().join();
            }
            return producer.done().isDone() && committed(kafka.bootstrapServers(), group) >= workload.messages();
          });
          if (!last.stop(Duration.ofSeconds(30), dir)) {
            return result(workload, kafka, out, killedAt, seed).withFailure("the last consumer did not stop "
                + "gracefully; see " + dir);
          }
        } finally {
          producer.release();
          current.close();
        }
      }
      return result(workload, kafka, out, killedAt, seed);
    }
  }

  private static ConsumerProcess start(EmbeddedKafkaBroker kafka, String in, String out, String group,
      Workload workload, Path dir, int run) throws Exception {
    // one instance name (transactional.id and static member id) for every run: each restart fences its predecessor
    return ConsumerProcess.startMain(TransactionalConsumerMain.class, List.of(kafka.bootstrapServers(), in, out,
        group, "faults-eos-consumer", Integer.toString(workload.parallelism()),
        Long.toString(workload.handlerDelay().toNanos() / 1_000), "static"), "eos-run-" + run, dir);
  }

  private ScenarioResult result(Workload workload, EmbeddedKafkaBroker kafka, String out, List<Long> killedAt,
      long seed) {
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
    long lastKill = killedAt.isEmpty() ? 0 : killedAt.get(killedAt.size() - 1);
    Optional<Long> recovery = Verifier.recoveryMs(lines, lastKill, l -> true);
    ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
        counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
    if (killedAt.size() < KILLS) {
      r = r.withFailure("only " + killedAt.size() + " kills of " + KILLS);
    }
    if (counts.duplicated() > 0) {
      r = r.withFailure(counts.duplicated() + " results duplicated in the read_committed output (seed " + seed + ")");
    }
    return recovery.isPresent() ? r : r.withFailure("nothing was committed after the last kill");
  }

  /** @return the group's committed offsets summed over the input's partitions */
  static long committed(String bootstrapServers, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
  }
}
