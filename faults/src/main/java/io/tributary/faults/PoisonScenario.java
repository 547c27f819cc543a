package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code poison} on Kafka: 1 % of the payloads are not JSON and 1 % are rejected by the handler on every attempt.
 * Every one of them must land in the dead-letter topic with its reason (stage {@code decode} or {@code handler}, the
 * error class), and every other event must be processed, in order per key.
 */
final class PoisonScenario implements Scenario {

  static final LongPredicate UNDECODABLE = id -> id % 100 == 50;
  static final LongPredicate REJECTED = id -> id % 100 == 51;
  private static final Pattern ID = Pattern.compile("(?:\"id\":|event )(\\d+)");

  @Override
  public String name() {
    return "poison";
  }

  @Override
  public String proves() {
    return "bad input costs nothing: undecodable and rejected payloads all reach the dead-letter topic with their "
        + "reason, and every other message is processed in order";
  }

  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    LongPredicate poison = id -> UNDECODABLE.test(id) || REJECTED.test(id);
    LongPredicate expected = poison.negate();
    try (EmbeddedKafkaBroker kafka = KafkaBrokers.start(dir.resolve("kafka"))) {
      String topic = "faults-poison";
      kafka.createTopic(topic, 4);
      Target target = new Target(Target.Broker.KAFKA, kafka.bootstrapServers(), topic, "faults-poison");
      List<Verifier.Line> lines;
      try (Flow flow = Flow.start(name(), workload, dir, target,
          new KafkaWorkloadProducer(kafka.bootstrapServers(), topic),
          id -> (UNDECODABLE.test(id) ? "not json: event " + id : workload.json(id)).getBytes(StandardCharsets.UTF_8),
          REJECTED)) {
        flow.awaitAll(expected);
        flow.stopConsumer();
        lines = flow.lines();
      }
      Verifier.Counts counts = Verifier.count(lines, workload.messages(), expected);
      long poisoned = 0;
      for (long id = 0; id < workload.messages(); id++) {
        poisoned += poison.test(id) ? 1 : 0;
      }
      List<ConsumerRecord<byte[], byte[]>> deadLetters = KafkaRecords.awaitRecords(kafka.bootstrapServers(),
          topic + ".dlq", (int) poisoned, Duration.ofSeconds(60), new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      Set<Long> dead = new HashSet<>();
      List<String> problems = new ArrayList<>();
      long deadDuplicates = 0;
      for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
        String value = new String(r.value(), StandardCharsets.UTF_8);
        Matcher m = ID.matcher(value);
        if (!m.find()) {
          problems.add("a dead letter without an event id: " + value);
          continue;
        }
        long id = Long.parseLong(m.group(1));
        String stage = header(r, DeadLetterHeaders.STAGE);
        String errorClass = header(r, DeadLetterHeaders.ERROR_CLASS);
        String wantStage = UNDECODABLE.test(id) ? "decode" : REJECTED.test(id) ? "handler" : null;
        if (wantStage == null) {
          problems.add("event " + id + " was dead-lettered but is not poison");
        } else if (!wantStage.equals(stage) || errorClass == null || errorClass.isEmpty()) {
          problems.add("event " + id + " dead-lettered with stage " + stage + " and error class " + errorClass
              + ", expected stage " + wantStage + " and an error class");
        }
        if (!dead.add(id)) {
          deadDuplicates++;
        }
      }
      long deadMissing = 0;
      for (long id = 0; id < workload.messages(); id++) {
        if (poison.test(id) && !dead.contains(id)) {
          deadMissing++;
        }
      }
      if (counts.unexpected() > 0) {
        problems.add(counts.unexpected() + " poison event(s) were processed instead of dead-lettered");
      }
      ScenarioResult result = new ScenarioResult(name(), workload.messages(), counts.lost() + deadMissing,
          counts.duplicated() + deadDuplicates, counts.orderViolations(), 0, java.util.Optional.empty());
      return problems.isEmpty() ? result : result.withFailure(String.join("; ", problems.subList(0,
          Math.min(5, problems.size()))));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
