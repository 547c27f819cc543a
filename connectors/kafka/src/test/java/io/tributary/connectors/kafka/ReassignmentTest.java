package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eager rebalances that give a consumer its partitions back while records fetched under the previous assignment are
 * still on their way: the stale copies must not push the fresh fetch aside (which lost records before the fence in
 * {@link PartitionOffsets#fenceStale}).
 */
class ReassignmentTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("reassignment-test");
    timer = Executors.newScheduledThreadPool(1);
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    system.terminate();
  }

  @Test
  void partitions_that_come_back_in_eager_rebalances_lose_nothing() throws Exception {
    comeBack("comeback", OrderingMode.ORDERED_PER_KEY, 30_000);
  }

  @Test
  void partitions_that_come_back_lose_nothing_with_the_partition_fair_source() throws Exception {
    comeBack("comeback-ordered", OrderingMode.ORDERED, 12_000);
  }

  private void comeBack(String topic, OrderingMode mode, int total) throws Exception {
    String group = topic + "-group";
    kafka.createTopic(topic, 2);
    TestRecords.produce(kafka.bootstrapServers(), topic, total, 100);
    Set<String> processed = ConcurrentHashMap.newKeySet();
    KafkaRunner<TestEvent> runner = KafkaRunner.start(system,
        KafkaSourceSettings.create(kafka.bootstrapServers(), group, List.of(topic), PayloadDecoder.json(TestEvent.class))
            .withConsumerProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName())
            .withRevokeDrainTimeout(Duration.ofMillis(200))
            .withCommitInterval(Duration.ofMillis(100)),
        ProcessingSettings.defaults().withMode(mode).withParallelism(16),
        envelope -> {
          processed.add(envelope.position().partition() + "@" + envelope.position().offset());
          CompletableFuture<Done> done = new CompletableFuture<>();
          // Now and then a record takes long: its key's backlog fills the runner's buffer, the source is held
          // back with fetched records in its buffer, and a revocation's drain window runs out.
          long millis = envelope.position().offset() % 2_000 == 7 ? 1_500 : 1;
          timer.schedule(() -> done.complete(Done.getInstance()), millis, TimeUnit.MILLISECONDS);
          return done;
        });
    try {
      // A second member joins (eager range: both partitions revoked, one comes back), then leaves (both come
      // back), three times while records flow.
      for (int round = 1; round <= 3; round++) {
        int before = processed.size();
        await().atMost(60, TimeUnit.SECONDS).until(() -> processed.size() >= Math.min(total, before + 1_000));
        try (KafkaConsumer<byte[], byte[]> intruder = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1",
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName()),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          intruder.subscribe(List.of(topic));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (intruder.assignment().isEmpty() && System.nanoTime() < deadline) {
            intruder.poll(Duration.ofMillis(100)); // joins the group; what it fetches it neither handles nor commits
          }
          assertThat(intruder.assignment()).as("the intruder joined the group").isNotEmpty();
        }
      }
      Map<TopicPartition, Long> end = KafkaRecords.endOffsets(kafka.bootstrapServers(), topic);
      await().atMost(120, TimeUnit.SECONDS).until(() -> runner.control().committedOffsets().equals(end));
      Set<String> missing = new HashSet<>();
      end.forEach((tp, last) -> {
        for (long o = 0; o < last; o++) {
          if (!processed.contains(tp.partition() + "@" + o)) {
            missing.add(tp.partition() + "@" + o);
          }
        }
      });
      assertThat(missing).as("records committed past without being processed").isEmpty();
    } finally {
      runner.stopIntake().thenCompose(d -> runner.drain(Duration.ofSeconds(30))).thenCompose(d -> runner.release())
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
