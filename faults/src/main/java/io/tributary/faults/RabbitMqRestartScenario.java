package io.tributary.faults;

import io.tributary.connectors.amqp.AmqpControl;
import io.tributary.testkit.NatsFixture;
import io.tributary.testkit.RabbitMqCtl;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rabbitmq-restart}: the local RabbitMQ's application is stopped ({@code rabbitmqctl stop_app}) a fifth of
 * the way through and started again; the producer publishes its unconfirmed batch again and the consumer (an
 * {@code AmqpRunner}) reconnects, and the broker redelivers what it had handed out unacknowledged. Recovery is from
 * {@code start_app}'s return to the first processed event produced after it.
 */
final class RabbitMqRestartScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(RabbitMqRestartScenario.class);

  @Override
  public String name() {
    return "rabbitmq-restart";
  }

  @Override
  public String proves() {
    return "a RabbitMQ restart mid-stream loses no persistent message: unacknowledged deliveries return to the "
        + "queue and the consumer reconnects by itself";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    if (!RabbitMqCtl.available()) {
      return ScenarioResult.failed(name(), "rabbitmqctl cannot control the local RabbitMQ");
    }
    String uri = RabbitMqFixture.configuredUri();
    String queue = NatsFixture.unique("faults-rabbitmq");
    try {
      Target target = new Target(Target.Broker.AMQP, uri, queue, null);
      try (Flow flow = Flow.start(name(), workload, dir, target, new AmqpWorkloadProducer(uri, queue),
          id -> workload.json(id).getBytes(StandardCharsets.UTF_8), id -> false)) {
        flow.awaitProcessed(workload.messages() / 5, id -> true);
        long stoppedAt = System.currentTimeMillis();
        long endAt;
        try {
          RabbitMqCtl.stopApp();
          AmqpControl control = (AmqpControl) flow.consumer().control();
          Poll.until(Duration.ofSeconds(30), "the consumer noticing the stopped broker", () -> !control.isConnected());
        } finally {
          RabbitMqCtl.startApp();
          endAt = System.currentTimeMillis();
        }
        log.info("rabbitmq-restart: the broker was down for {} ms", endAt - stoppedAt);
        flow.awaitAll(id -> true);
        flow.stopConsumer();
        List<Verifier.Line> lines = flow.lines();
        Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
        long end = endAt;
        Optional<Long> recovery = Verifier.recoveryMs(lines, end, l -> flow.producer.sentAtMillis(l.id()) >= end)
            .or(() -> Verifier.recoveryMs(lines, end, l -> true));
        ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
            counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
        return recovery.isPresent() ? r : r.withFailure("nothing was processed after the restart");
      }
    } finally {
      try (RabbitMqFixture rabbit = new RabbitMqFixture(uri)) {
        rabbit.deleteQueueAtClose(queue);
        rabbit.deleteQueueAtClose(queue + ".dlq");
      } catch (RuntimeException e) {
        log.warn("could not delete the queues of {}: {}", queue, e.toString());
      }
    }
  }
}
