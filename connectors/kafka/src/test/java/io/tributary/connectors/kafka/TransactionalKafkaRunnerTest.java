package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.FailurePolicy;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import io.tributary.testkit.TestEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once runner against a real broker: what consumers with {@code read_committed} see after aborted
 * transactions, dead letters written in the transaction, and a zombie producer fenced by its successor.
 */
class TransactionalKafkaRunnerTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("transactional-test");
    timer = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    system.terminate();
  }

  @Test
  void results_are_exactly_once_in_read_committed_output_after_aborted_transactions() throws Exception {
    String in = "eos-abort-in";
    String out = "eos-abort-out";
    int total = 4_000;
    kafka.createTopic(in, 2);
    kafka.createTopic(out, 2);
    TestRecords.produce(kafka.bootstrapServers(), in, total, 40);
    Set<Long> failedOnce = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    TransactionalKafkaRunner<TestEvent> runner = TransactionalKafkaRunner.start(system,
        settings("eos-abort", in), TransactionalSettings.defaults().withTransactionalId("eos-abort-tx")
            .withCommitInterval(Duration.ofMillis(50)).withCommitSize(300).withMaxAborts(10),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(16)
            .withRetry(RetryPolicy.noRetry()).withFailurePolicy(FailurePolicy.STOP),
        envelope -> {
          calls.incrementAndGet();
          long id = envelope.payload().id();
          if (id % 997 == 500 && failedOnce.add(id)) {
            return CompletableFuture.failedFuture(new IllegalStateException("induced failure of " + id));
          }
          return copyTo(out, envelope, id % 7 == 0 ? 2 : 0);
        });
    try {
      awaitAllCommitted(runner, in);
    } finally {
      stopGracefully(runner);
    }
    assertThat(runner.control().aborts()).as("aborted transactions").isGreaterThanOrEqualTo(failedOnce.size());
    assertThat(failedOnce).hasSize(4);
    assertThat(calls.get()).as("records rewound and run again").isGreaterThan(total);
    assertExactlyOnceInKeyOrder(KafkaRecords.readCommitted(kafka.bootstrapServers(), out), total);
  }

  @Test
  void dead_letters_are_written_in_the_transaction_exactly_once() throws Exception {
    String in = "eos-dlq-in";
    String out = "eos-dlq-out";
    int total = 2_000;
    kafka.createTopic(in, 2);
    kafka.createTopic(out, 2);
    TestRecords.produce(kafka.bootstrapServers(), in, total, 20);
    TransactionalKafkaRunner<TestEvent> runner = TransactionalKafkaRunner.start(system,
        settings("eos-dlq", in), TransactionalSettings.defaults().withTransactionalId("eos-dlq-tx")
            .withCommitInterval(Duration.ofMillis(50)).withCommitSize(250),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(8)
            .withRetry(RetryPolicy.noRetry()).withFailurePolicy(FailurePolicy.DEAD_LETTER),
        envelope -> {
          long id = envelope.payload().id();
          if (id % 100 == 42) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no good: " + id));
          }
          return copyTo(out, envelope, 0);
        });
    try {
      awaitAllCommitted(runner, in);
    } finally {
      stopGracefully(runner);
    }
    List<ConsumerRecord<byte[], byte[]>> deadLetters = KafkaRecords.readCommitted(kafka.bootstrapServers(),
        in + ".dlq");
    List<Long> deadIds = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
      deadIds.add(parse(r.value()).id());
      assertThat(r.headers().lastHeader(DeadLetterHeaders.ERROR_CLASS)).isNotNull();
    }
    assertThat(deadIds).hasSize(total / 100).doesNotHaveDuplicates().allMatch(id -> id % 100 == 42);
    List<ConsumerRecord<byte[], byte[]>> results = KafkaRecords.readCommitted(kafka.bootstrapServers(), out);
    assertThat(results).hasSize(total - total / 100);
    assertThat(results.stream().map(r -> parse(r.value()).id()).toList()).doesNotHaveDuplicates()
        .noneMatch(id -> id % 100 == 42);
  }

  @Test
  void a_zombie_is_fenced_by_its_successor_and_nothing_of_it_is_visible() throws Exception {
    String in = "eos-zombie-in";
    String out = "eos-zombie-out";
    int total = 500;
    kafka.createTopic(in, 1);
    kafka.createTopic(out, 1);
    TestRecords.produce(kafka.bootstrapServers(), in, total, 10);
    TransactionalSettings tx = TransactionalSettings.defaults().withTransactionalId("eos-zombie-tx")
        .withCommitInterval(Duration.ofMinutes(5)).withCommitSize(1_000_000);
    CountDownLatch zombieHolds = new CountDownLatch(1);
    CountDownLatch zombieReleased = new CountDownLatch(1);
    AtomicInteger zombieDone = new AtomicInteger();
    // The zombie sends 100 results into its open transaction, then hangs on record 100 (its transaction stays open).
    TransactionalKafkaRunner<TestEvent> zombie = TransactionalKafkaRunner.start(system, settings("eos-zombie-a", in),
        tx, ProcessingSettings.defaults().withMode(OrderingMode.ORDERED).withParallelism(1),
        envelope -> {
          if (envelope.payload().id() == 100) {
            zombieHolds.countDown();
            return CompletableFuture.runAsync(() -> awaitQuietly(zombieReleased))
                .thenCompose(v -> copyTo(out, envelope, 0));
          }
          zombieDone.incrementAndGet();
          return copyTo(out, envelope, 0);
        });
    TransactionalKafkaRunner<TestEvent> successor = null;
    try {
      assertThat(zombieHolds.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(zombieDone.get()).isEqualTo(100);
      // Same transactional.id (a restarted instance): its initTransactions fences the zombie and aborts its
      // transaction. Another group, so that the zombie keeps its partition and tries to commit.
      successor = TransactionalKafkaRunner.start(system, settings("eos-zombie-b", in), tx.withCommitInterval(
          Duration.ofMillis(50)), ProcessingSettings.defaults().withParallelism(8), envelope -> copyTo(out, envelope,
          0));
      awaitAllCommitted(successor, in);
      zombieReleased.countDown();
      Throwable zombieEnd = zombie.control().shutdown().toCompletableFuture().handle((d, e) -> e)
          .get(30, TimeUnit.SECONDS);
      assertThat(zombieEnd).as("the zombie's commit failed with a fencing error").isNotNull();
      assertThat(causes(zombieEnd)).anyMatch(e -> e instanceof ProducerFencedException);
      assertThat(zombie.control().commits()).as("zombie transactions committed").isZero();
    } finally {
      zombieReleased.countDown();
      zombie.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (successor != null) {
        stopGracefully(successor);
      }
    }
    assertExactlyOnceInKeyOrder(KafkaRecords.readCommitted(kafka.bootstrapServers(), out), total);
  }

  @Test
  void a_second_instance_joining_and_leaving_duplicates_nothing() throws Exception {
    String in = "eos-rebalance-in";
    String out = "eos-rebalance-out";
    int total = 6_000;
    kafka.createTopic(in, 4);
    kafka.createTopic(out, 4);
    TestRecords.produce(kafka.bootstrapServers(), in, total, 40);
    // Slow (5 ms a record, 4 at a time) while the second instance joins, commits and leaves, then at full speed.
    java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean(true);
    ProcessingSettings processing = ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY)
        .withParallelism(4);
    TransactionalSettings tx = TransactionalSettings.defaults().withCommitInterval(Duration.ofMillis(50));
    java.util.function.Function<Envelope<TestEvent>, CompletionStage<List<ProducerRecord<byte[], byte[]>>>> handler =
        envelope -> copyTo(out, envelope, slow.get() ? 5 : 0);
    TransactionalKafkaRunner<TestEvent> first = TransactionalKafkaRunner.start(system, settings("eos-rebalance", in),
        tx.withTransactionalId("eos-rebalance-1"), processing, handler);
    try {
      await().atMost(30, TimeUnit.SECONDS).until(() -> first.control().acknowledged() >= 1_000);
      TransactionalKafkaRunner<TestEvent> second = TransactionalKafkaRunner.start(system,
          settings("eos-rebalance", in), tx.withTransactionalId("eos-rebalance-2"), processing, handler);
      await().atMost(30, TimeUnit.SECONDS).until(() -> second.control().commits() >= 3);
      assertThat(first.control().acknowledged() + second.control().acknowledged()).as("not all done yet")
          .isLessThan(total);
      stopGracefully(second); // leaves: its partitions go back to the first
      slow.set(false);
      awaitAllCommitted(first, in);
    } finally {
      stopGracefully(first);
    }
    assertExactlyOnceInKeyOrder(KafkaRecords.readCommitted(kafka.bootstrapServers(), out), total);
  }

  static KafkaSourceSettings<TestEvent> settings(String group, String topic) {
    return KafkaSourceSettings.create(kafka.bootstrapServers(), group, List.of(topic),
        PayloadDecoder.json(TestEvent.class)).withRevokeDrainTimeout(Duration.ofSeconds(2));
  }

  /** The handler of these tests: the input's key and value to {@code topic}, after {@code delayMillis}. */
  private static CompletionStage<List<ProducerRecord<byte[], byte[]>>> copyTo(String topic, Envelope<TestEvent> e,
      long delayMillis) {
    List<ProducerRecord<byte[], byte[]>> records = List.of(new ProducerRecord<>(topic, e.rawKey(), e.rawValue()));
    if (delayMillis == 0) {
      return CompletableFuture.completedFuture(records);
    }
    CompletableFuture<List<ProducerRecord<byte[], byte[]>>> later = new CompletableFuture<>();
    timer.schedule(() -> later.complete(records), delayMillis, TimeUnit.MILLISECONDS);
    return later;
  }

  private static void awaitAllCommitted(TransactionalKafkaRunner<?> runner, String topic) {
    Map<TopicPartition, Long> end = KafkaRecords.endOffsets(kafka.bootstrapServers(), topic);
    await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
        .until(() -> runner.control().committedOffsets().equals(end));
  }

  private static void stopGracefully(TransactionalKafkaRunner<?> runner) throws Exception {
    runner.stopIntake().thenCompose(d -> runner.drain(Duration.ofSeconds(20))).thenCompose(d -> runner.release())
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Each input id exactly once, and per key in the order of the input. */
  static void assertExactlyOnceInKeyOrder(List<ConsumerRecord<byte[], byte[]>> records, int total) {
    List<Long> ids = new ArrayList<>();
    Map<String, Long> lastSeqByKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      TestEvent event = parse(r.value());
      ids.add(event.id());
      Long last = lastSeqByKey.put(event.key(), event.seq());
      assertThat(last == null || last < event.seq()).as("key %s in order: %s after %s", event.key(), event.seq(),
          last).isTrue();
    }
    assertThat(ids).as("read_committed output").doesNotHaveDuplicates().hasSize(total);
  }

  private static final PayloadDecoder<TestEvent> EVENTS = PayloadDecoder.json(TestEvent.class);

  static TestEvent parse(byte[] value) {
    try {
      return EVENTS.decode(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> all = new ArrayList<>();
    for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
      all.add(t);
    }
    return all;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
