package io.tributary.faults;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.testkit.NatsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nats-restart}: the local NATS server is stopped (SIGTERM) a fifth of the way through and started again on
 * the same JetStream store; the stream (file storage) keeps its messages and the durable consumer its position. The
 * producer retries its publish with the same message id (stored once), and the consumer (a {@code NatsRunner})
 * reconnects; what it had fetched and not acknowledged is redelivered after the ack wait. Recovery is from the
 * server answering again to the first processed event produced after it.
 */
final class NatsRestartScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(NatsRestartScenario.class);

  @Override
  public String name() {
    return "nats-restart";
  }

  @Override
  public String proves() {
    return "a NATS server restart mid-stream with its JetStream store kept loses nothing: the stream and the durable "
        + "consumer come back, unacknowledged messages are redelivered";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    if (!NatsServer.controllable()) {
      return ScenarioResult.failed(name(), "no local nats-server process that this user can restart");
    }
    String url = NatsFixture.configuredUrl();
    String stream = NatsFixture.unique("FAULTS").replace('-', '_');
    String subjects = stream.toLowerCase();
    try (NatsFixture nats = new NatsFixture(url)) {
      nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subjects + ".>")
          .storageType(StorageType.File).build());
    }
    List<String> command = null;
    try {
      Target target = new Target(Target.Broker.NATS, url, stream, "faults");
      try (Flow flow = Flow.start(name(), workload, dir, target, new NatsWorkloadProducer(url, subjects),
          id -> workload.json(id).getBytes(StandardCharsets.UTF_8), id -> false)) {
        flow.awaitProcessed(workload.messages() / 5, id -> true);
        long stoppedAt = System.currentTimeMillis();
        try {
          command = NatsServer.stop();
        } finally {
          NatsServer.ensureRunning(command, url);
        }
        long endAt = System.currentTimeMillis();
        log.info("nats-restart: the server was down for {} ms", endAt - stoppedAt);
        flow.awaitAll(id -> true);
        flow.stopConsumer();
        List<Verifier.Line> lines = flow.lines();
        Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
        Optional<Long> recovery = Verifier.recoveryMs(lines, endAt, l -> flow.producer.sentAtMillis(l.id()) >= endAt)
            .or(() -> Verifier.recoveryMs(lines, endAt, l -> true));
        ScenarioResult r = new ScenarioResult(name(), workload.messages(), counts.lost(), counts.duplicated(),
            counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
        return recovery.isPresent() ? r : r.withFailure("nothing was processed after the restart");
      }
    } finally {
      NatsServer.ensureRunning(command, url);
      try (NatsFixture nats = new NatsFixture(url)) {
        nats.deleteStreamAtClose(stream);
        nats.deleteStreamAtClose(stream + "_DLQ");
      } catch (RuntimeException e) {
        log.warn("could not delete the streams of {}: {}", stream, e.toString());
      }
    }
  }
}
