package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * {@code consumer-kill}: the consuming process (a Kafka runner in its own JVM) is killed with SIGKILL a third of
 * the way through, once it has caught up with the producer, and a new process of the same group takes over.
 * Duplicates are allowed (everything processed after the last commit runs again) and counted; nothing may be lost
 * or reordered. Recovery is from the kill to the new process's first processed event: its start, the group's
 * rebalance (the dead member's session timeout of 10 s) and its first fetch.
 */
final class ConsumerKillScenario implements Scenario {

  @Override
  public String name() {
    return "consumer-kill";
  }

  @Override
  public String proves() {
    return "a consumer killed without any shutdown loses nothing: its successor starts from the last commit, "
        + "which never passes an unfinished message";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    try (EmbeddedKafkaBroker kafka = KafkaBrokers.start(dir.resolve("kafka"))) {
      String topic = "faults-consumer-kill";
      kafka.createTopic(topic, 4);
      Target target = new Target(Target.Broker.KAFKA, kafka.bootstrapServers(), topic, "faults-consumer-kill");
      Path file = dir.resolve("processed.log");
      ProducerRun producer;
      long killedAt;
      try (KafkaWorkloadProducer client = new KafkaWorkloadProducer(kafka.bootstrapServers(), topic);
           ConsumerProcess first = ConsumerProcess.start(target, workload, file, "consumer-1", dir)) {
        // the producer starts once the consumer owns the partitions, so the kill meets a consumer in its steady
        // state rather than one racing through a backlog between two commits
        Poll.until(workload.completionTimeout(), "the first consumer joining its group",
            () -> stableMembers(kafka.bootstrapServers(), target.group()) == 1);
        producer = new ProducerRun(client, workload, id -> workload.json(id).getBytes(StandardCharsets.UTF_8))
            .start();
        long third = workload.messages() / 3;
        Poll.until(workload.completionTimeout(), third + " events processed by the first consumer", () -> {
          if (!first.isAlive()) {
            throw new IllegalStateException("the first consumer exited early; see " + dir.resolve("consumer-1.stderr"));
          }
          // kill in the steady state: a third through, and caught up with the producer (lag under 1/2 s)
          int processed = Verifier.read(file).size();
          return processed >= third && producer.sent() - processed < workload.ratePerSecond() / 2;
        });
        killedAt = System.currentTimeMillis();
        first.kill();
        try (ConsumerProcess second = ConsumerProcess.start(target, workload, file, "consumer-2", dir)) {
          Poll.until(workload.completionTimeout(), "every event processed after the kill", () -> {
            if (!second.isAlive()) {
              throw new IllegalStateException("the second consumer exited; see " + dir.resolve("consumer-2.stderr"));
            }
            if (producer.done().isCompletedExceptionally()) {
              producer.done().join();
            }
            return producer.done().isDone()
                && Verifier.processedExpected(Verifier.read(file), id -> true) >= workload.messages();
          });
          if (!second.stop(Duration.ofSeconds(30), dir)) {
            return result(workload, file, killedAt).withFailure("the second consumer did not stop gracefully; "
                + "see " + dir.resolve("consumer-2.stderr"));
          }
        }
      }
      return result(workload, file, killedAt);
    }
  }

  private ScenarioResult result(Workload workload, Path file, long killedAt) throws Exception {
    List<Verifier.Line> lines = Verifier.read(file);
    Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
    Optional<Long> recovery = Verifier.recoveryMs(lines, killedAt, l -> l.instance().equals("consumer-2"));
    ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
        counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
    return recovery.isPresent() ? r : r.withFailure("the second consumer processed nothing");
  }

  /** @return members of {@code group} when it is stable with partitions assigned, else 0 */
  static int stableMembers(String bootstrapServers, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
          .get(group);
      boolean assigned = d.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
      return d.state() == ConsumerGroupState.STABLE && assigned ? d.members().size() : 0;
    }
  }
}
