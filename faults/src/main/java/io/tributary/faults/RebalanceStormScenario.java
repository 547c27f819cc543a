package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.lifecycle.SourceRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rebalance-storm}: while the workload flows, consumers of one Kafka group join and leave every
 * {@value #PERIOD_MS} ms (between one and three {@code KafkaRunner}s at a time, each leaving with its graceful
 * stop). Every membership change rebalances the group's 8 partitions; a revoked partition finishes what it started
 * and commits before its new owner starts from that commit. Recovery is from the last change to the first event
 * processed after it.
 */
final class RebalanceStormScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(RebalanceStormScenario.class);
  private static final long PERIOD_MS = 2_000;
  private static final int MIN_CHANGES = 4;

  @Override
  public String name() {
    return "rebalance-storm";
  }

  @Override
  public String proves() {
    return "partitions moving between consumers of a group every few seconds lose nothing and keep every key's "
        + "order: a revoked partition drains and commits before its next owner starts";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    try (EmbeddedKafkaBroker kafka = KafkaBrokers.start(dir.resolve("kafka"))) {
      String topic = "faults-rebalance-storm";
      kafka.createTopic(topic, 8);
      Target target = new Target(Target.Broker.KAFKA, kafka.bootstrapServers(), topic, "faults-rebalance-storm");
      try (Flow flow = Flow.start(name(), workload, dir, target, new KafkaWorkloadProducer(kafka.bootstrapServers(),
          topic), id -> workload.json(id).getBytes(StandardCharsets.UTF_8), id -> false)) {
        flow.awaitProcessed(workload.messages() / 10, id -> true);
        Deque<SourceRunner<?>> extra = new ArrayDeque<>();
        int changes = 0;
        int next = 2;
        long lastChange = System.currentTimeMillis();
        try {
          while (!flow.producer.done().isDone() || changes < MIN_CHANGES) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)); // the storm's period
            boolean join = extra.isEmpty() || (extra.size() < 2 && changes % 3 != 2);
            if (join) {
              extra.addLast(flow.startConsumer(target, "consumer-" + next++));
            } else {
              WorkloadConsumer.stop(extra.removeFirst());
            }
            changes++;
            lastChange = System.currentTimeMillis();
            log.info("rebalance-storm: change {} ({}), {} consumer(s)", changes, join ? "join" : "leave",
                extra.size() + 1);
          }
        } finally {
          while (!extra.isEmpty()) {
            WorkloadConsumer.stop(extra.removeFirst());
          }
        }
        long last = lastChange;
        flow.awaitAll(id -> true);
        flow.stopConsumer();
        List<Verifier.Line> lines = flow.lines();
        Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
        Optional<Long> recovery = Verifier.recoveryMs(lines, last, l -> true);
        ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
            counts.orderViolations(), recovery.orElse(0L), Optional.empty());
        return r;
      }
    }
  }
}
