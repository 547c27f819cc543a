package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kafka-broker-kill}: the Kafka broker's process is killed with SIGKILL a third of the way through and
 * started again on the same data directory and ports; the producer and the consumer (a {@code KafkaRunner}) carry
 * on without a restart of their own. Recovery is from the kill to the first processed event that was produced after
 * it: the broker's restart, the producer's retry and the consumer's reconnection together.
 */
final class KafkaBrokerKillScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(KafkaBrokerKillScenario.class);

  @Override
  public String name() {
    return "kafka-broker-kill";
  }

  @Override
  public String proves() {
    return "a broker killed mid-stream and restarted on its data costs neither the producer nor the consumer a "
        + "message or a restart";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    EmbeddedKafkaBroker first = KafkaBrokers.start(dir.resolve("kafka"));
    EmbeddedKafkaBroker second = null;
    try {
      String topic = "faults-broker-kill";
      first.createTopic(topic, 4);
      Target target = new Target(Target.Broker.KAFKA, first.bootstrapServers(), topic, "faults-broker-kill");
      long killedAt;
      List<Verifier.Line> lines;
      Flow flow = Flow.start(name(), workload, dir, target, new KafkaWorkloadProducer(first.bootstrapServers(), topic),
          id -> workload.json(id).getBytes(StandardCharsets.UTF_8), id -> false);
      try {
        flow.awaitProcessed(workload.messages() / 5, id -> true);
        killedAt = System.currentTimeMillis();
        KafkaBrokers.kill(first);
        second = KafkaBrokers.restart(first);
        long backAt = System.currentTimeMillis();
        log.info("kafka-broker-kill: broker back after {} ms", backAt - killedAt);
        flow.awaitAll(id -> true);
        flow.stopConsumer();
        lines = flow.lines();
        Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
        Optional<Long> recovery = Verifier.recoveryMs(lines, killedAt,
            l -> flow.producer.sentAtMillis(l.id()) >= killedAt)
            // everything was produced before the kill: the first event processed once the broker was back
            .or(() -> Verifier.recoveryMs(lines, backAt, l -> true).map(ms -> ms + backAt - killedAt));
        ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
            counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
        return recovery.isPresent() ? r : r.withFailure("nothing produced after the kill was processed");
      } finally {
        flow.close();
      }
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }
}
