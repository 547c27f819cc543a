package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.BatchSettings;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import io.tributary.testkit.TestEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka runner with a batch handler: batches of free keys, or of one partition; every offset committed. */
class KafkaBatchRunnerTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("kafka-batch-runner-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static List<List<Envelope<TestEvent>>> consume(String topic, String group, ProcessingSettings processing)
      throws Exception {
    int count = 400;
    kafka.createTopic(topic, 4);
    TestRecords.produce(kafka.bootstrapServers(), topic, count, 20);
    List<List<Envelope<TestEvent>>> batches = new CopyOnWriteArrayList<>();
    KafkaRunner<TestEvent> runner = KafkaRunner.startBatches(system,
        KafkaSourceSettings.create(kafka.bootstrapServers(), group, List.of(topic), PayloadDecoder.json(TestEvent.class))
            .withCommitInterval(Duration.ofMillis(200)),
        processing, BatchSettings.of(50, Duration.ofMillis(20)), batch -> {
          batches.add(batch);
          return CompletableFuture.supplyAsync(() -> Done.getInstance(),
              CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
        });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> runner.control().acknowledged() == count);
    } finally {
      runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
    Map<TopicPartition, Long> end = KafkaRecords.endOffsets(kafka.bootstrapServers(), topic);
    assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), group, topic)).isEqualTo(end);
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(count);
    assertThat(batches).anyMatch(b -> b.size() > 1);
    return batches;
  }

  @Test
  void per_key_batches_hold_each_key_once_and_keep_its_order() throws Exception {
    List<List<Envelope<TestEvent>>> batches = consume("batches-per-key", "g-batches-per-key",
        ProcessingSettings.defaults().withParallelism(16));
    Map<String, List<Long>> perKey = new ConcurrentHashMap<>();
    for (List<Envelope<TestEvent>> batch : batches) {
      Set<String> keys = new HashSet<>();
      for (Envelope<TestEvent> e : batch) {
        assertThat(keys.add(e.key())).as("key %s twice in one batch", e.key()).isTrue();
        perKey.computeIfAbsent(e.key(), k -> new CopyOnWriteArrayList<>()).add(e.payload().seq());
      }
    }
    assertThat(perKey).hasSize(20);
    perKey.forEach((key, seqs) -> assertThat(seqs).as("order of %s", key).isSorted().hasSize(20));
  }

  @Test
  void ordered_batches_are_consecutive_records_of_one_partition() throws Exception {
    List<List<Envelope<TestEvent>>> batches = consume("batches-ordered", "g-batches-ordered",
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED).withParallelism(4));
    Map<Integer, Long> next = new ConcurrentHashMap<>();
    for (List<Envelope<TestEvent>> batch : batches) {
      int partition = batch.get(0).position().partition();
      for (Envelope<TestEvent> e : batch) {
        assertThat(e.position().partition()).isEqualTo(partition);
        long expected = next.getOrDefault(partition, 0L);
        assertThat(e.position().offset()).as("partition %d", partition).isEqualTo(expected);
        next.put(partition, expected + 1);
      }
    }
  }
}
