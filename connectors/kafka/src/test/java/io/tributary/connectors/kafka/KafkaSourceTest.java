package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import io.tributary.testkit.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kafka source, the processing runner and safe commits against a real broker. */
class KafkaSourceTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("kafka-source-test");
    timer = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    system.terminate();
  }

  /** A running consumer: its control, its completion and its runner's metrics. */
  private record Running(KafkaControl control, ProcessingMetrics metrics, CompletionStage<Done> done) {
    Map<TopicPartition, Long> drainAndShutdown() throws Exception {
      control.drainAndShutdown(done, system.dispatcher()).toCompletableFuture().get(60, TimeUnit.SECONDS);
      return control.committedOffsets();
    }
  }

  private static KafkaSourceSettings<TestEvent> settings(String topic, String group) {
    return KafkaSourceSettings.create(kafka.bootstrapServers(), group, List.of(topic),
        PayloadDecoder.json(TestEvent.class)).withCommitInterval(Duration.ofMillis(200));
  }

  private static Running consume(KafkaSourceSettings<TestEvent> settings, ProcessingSettings processing,
      Function<Envelope<TestEvent>, CompletionStage<Done>> handler) {
    return consume(settings, processing, handler, false);
  }

  /** @param partitionFair whether to use {@link KafkaSource#createPartitionFair} */
  private static Running consume(KafkaSourceSettings<TestEvent> settings, ProcessingSettings processing,
      Function<Envelope<TestEvent>, CompletionStage<Done>> handler, boolean partitionFair) {
    KafkaDeadLetterSink<TestEvent> deadLetters = KafkaDeadLetterSink.create(settings);
    Pair<Pair<KafkaControl, ProcessingMetrics>, CompletionStage<Done>> materialized =
        (partitionFair ? KafkaSource.createPartitionFair(system, settings, deadLetters)
            : KafkaSource.create(system, settings, deadLetters))
            .viaMat(Processing.envelopeFlow(processing, handler, deadLetters), Keep.both())
            .toMat(Processing.acknowledgeSink(), Keep.both())
            .run(system);
    CompletionStage<Done> done = materialized.second().whenComplete((d, e) -> deadLetters.close());
    return new Running(materialized.first().first(), materialized.first().second(), done);
  }

  private static <V> CompletionStage<V> later(V value, long millis) {
    CompletableFuture<V> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(value), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  private static Map<TopicPartition, Long> endOffsets(String topic, int partitions, int count) {
    Map<Integer, Long> perPartition = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaRecords.awaitRecords(kafka.bootstrapServers(), topic, count)) {
      perPartition.merge(r.partition(), r.offset() + 1, Math::max);
    }
    Map<TopicPartition, Long> result = new HashMap<>();
    perPartition.forEach((p, o) -> result.put(new TopicPartition(topic, p), o));
    return result;
  }

  @Test
  void per_key_order_holds_under_parallelism_64_with_random_handler_delays() throws Exception {
    String topic = "per-key-order";
    kafka.createTopic(topic, 4);
    TestRecords.produce(kafka.bootstrapServers(), topic, 5000, 100);
    Map<String, List<Long>> seqPerKey = new ConcurrentHashMap<>();
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    Running running = consume(settings(topic, "g-order"), ProcessingSettings.defaults().withParallelism(64),
        envelope -> {
          TestEvent e = envelope.payload();
          seqPerKey.computeIfAbsent(e.key(), k -> new CopyOnWriteArrayList<>()).add(e.seq());
          ids.add(e.id());
          return later(Done.getInstance(), ThreadLocalRandom.current().nextInt(0, 4));
        });
    await().atMost(Duration.ofSeconds(60)).until(() -> running.control().acknowledged() >= 5000);
    Map<TopicPartition, Long> committed = running.drainAndShutdown();
    assertThat(ids).hasSize(5000);
    seqPerKey.forEach((key, seqs) -> assertThat(seqs).as("key %s", key).isSorted().doesNotHaveDuplicates());
    assertThat(committed).isEqualTo(endOffsets(topic, 4, 5000));
    assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "g-order", topic))
        .isEqualTo(endOffsets(topic, 4, 5000));
  }

  @Test
  void ordered_runner_keeps_other_partitions_moving_while_one_partitions_backlog_waits() throws Exception {
    String topic = "partition-fair";
    kafka.createTopic(topic, 2);
    // Partition 0 gets a backlog far larger than the runner's buffer, partition 1 a few records after it.
    List<ProducerRecord<byte[], byte[]>> backlog = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      backlog.add(new ProducerRecord<>(topic, 0, TestRecords.bytes("a"), TestRecords.bytes(TestEvent.json(i, 1))));
    }
    List<ProducerRecord<byte[], byte[]>> later = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      later.add(new ProducerRecord<>(topic, 1, TestRecords.bytes("b"), TestRecords.bytes(TestEvent.json(i, 1))));
    }
    try (KafkaProducer<byte[], byte[]> producer = TestRecords.producer(kafka.bootstrapServers())) {
      KafkaRecords.sendAll(producer, backlog);
      KafkaRecords.sendAll(producer, later);
    }
    CompletableFuture<Done> release = new CompletableFuture<>();
    Set<Long> partitionOneDone = ConcurrentHashMap.newKeySet();
    KafkaRunner<TestEvent> runner = KafkaRunner.start(system, settings(topic, "g-fair"),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED).withParallelism(4), envelope -> {
          if (envelope.position().partition() == 1) {
            partitionOneDone.add(envelope.position().offset());
            return CompletableFuture.completedFuture(Done.getInstance());
          }
          return envelope.position().offset() == 0 ? release : CompletableFuture.completedFuture(Done.getInstance());
        });
    try {
      // Partition 0's head is held, so its lane (and everything buffered behind it) waits; partition
      // 1 must not wait behind that backlog.
      await().atMost(Duration.ofSeconds(30)).until(() -> partitionOneDone.size() == 5);
      assertThat(runner.control().acknowledged()).isEqualTo(5);
    } finally {
      release.complete(Done.getInstance());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> runner.control().acknowledged() == 3005);
    runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    assertThat(runner.control().committedOffsets()).isEqualTo(Map.of(
        new TopicPartition(topic, 0), 3000L, new TopicPartition(topic, 1), 5L));
  }

  @Test
  void a_held_handler_keeps_its_partitions_commit_below_it_while_later_offsets_finish() throws Exception {
    String topic = "held";
    kafka.createTopic(topic, 1);
    TestRecords.produce(kafka.bootstrapServers(), topic, 200, 50);
    CompletableFuture<Done> release = new CompletableFuture<>();
    Running running = consume(settings(topic, "g-held"), ProcessingSettings.defaults().withParallelism(16),
        envelope -> envelope.position().offset() == 10 ? release : CompletableFuture.completedFuture(Done.getInstance()));
    TopicPartition tp = new TopicPartition(topic, 0);
    // Offset 10 (key k10) is held; k10's later records (60, 110, 160) wait behind it; all others finish.
    await().atMost(Duration.ofSeconds(30)).until(() -> running.control().acknowledged() >= 196);
    running.control().commit().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(running.control().committedOffsets()).containsEntry(tp, 10L);
    assertThat(KafkaRecords.committedOffsets(kafka.bootstrapServers(), "g-held", topic)).containsEntry(tp, 10L);
    release.complete(Done.getInstance());
    assertThat(running.drainAndShutdown()).containsEntry(tp, 200L);
  }

  @Test
  void a_restarted_consumer_resumes_from_the_commits_with_no_loss_and_no_duplicate() throws Exception {
    String topic = "restart";
    kafka.createTopic(topic, 4);
    TestRecords.produce(kafka.bootstrapServers(), topic, 2000, 40);
    List<Long> first = new CopyOnWriteArrayList<>();
    Running one = consume(settings(topic, "g-restart"), ProcessingSettings.defaults().withParallelism(8),
        envelope -> {
          first.add(envelope.payload().id());
          return later(Done.getInstance(), 1);
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> first.size() >= 300);
    one.drainAndShutdown();
    List<Long> second = new CopyOnWriteArrayList<>();
    Running two = consume(settings(topic, "g-restart"), ProcessingSettings.defaults().withParallelism(8),
        envelope -> {
          second.add(envelope.payload().id());
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> first.size() + second.size() >= 2000);
    two.drainAndShutdown();
    List<Long> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(all).hasSize(2000).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "partition-fair source: {0}")
  @ValueSource(booleans = {false, true})
  void two_consumers_in_one_group_lose_nothing_through_a_rebalance(boolean partitionFair) throws Exception {
    String topic = partitionFair ? "rebalance-fair" : "rebalance";
    String group = "g-" + topic;
    kafka.createTopic(topic, 4);
    TestRecords.produce(kafka.bootstrapServers(), topic, 3000, 100);
    Map<Long, Integer> seen = new ConcurrentHashMap<>();
    Function<Envelope<TestEvent>, CompletionStage<Done>> handler = envelope -> {
      seen.merge(envelope.payload().id(), 1, Integer::sum);
      return later(Done.getInstance(), 2);
    };
    ProcessingSettings processing = ProcessingSettings.defaults().withParallelism(16)
        .withMode(partitionFair ? OrderingMode.ORDERED : OrderingMode.ORDERED_PER_KEY);
    Running a = consume(settings(topic, group), processing, handler, partitionFair);
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 300);
    Running b = consume(settings(topic, group), processing, handler, partitionFair);
    await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= 3000);
    a.drainAndShutdown();
    b.drainAndShutdown();
    assertThat(seen).hasSize(3000);
    long duplicates = seen.values().stream().filter(n -> n > 1).count();
    assertThat(duplicates).as("messages processed twice through the rebalance").isZero();
  }

  @Test
  void a_poison_payload_and_a_handler_that_always_throws_land_in_the_dead_letter_topic() throws Exception {
    String topic = "poison";
    kafka.createTopic(topic, 1);
    TestRecords.produceRaw(kafka.bootstrapServers(), topic, "k1", "this is not json");
    TestRecords.produceRaw(kafka.bootstrapServers(), topic, "k2", TestEvent.json(1, 10));
    TestRecords.produceRaw(kafka.bootstrapServers(), topic, "k3", TestEvent.json(2, 10));
    List<Long> handled = new CopyOnWriteArrayList<>();
    Running running = consume(settings(topic, "g-poison"), ProcessingSettings.defaults()
            .withRetry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50), 2.0)),
        envelope -> {
          if (envelope.payload().id() == 1) {
            throw new IllegalStateException("cannot process order 1");
          }
          handled.add(envelope.payload().id());
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> running.control().acknowledged() >= 3);
    assertThat(handled).containsExactly(2L);
    Map<TopicPartition, Long> committed = running.drainAndShutdown();
    assertThat(committed).containsEntry(new TopicPartition(topic, 0), 3L);

    List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.awaitRecords(kafka.bootstrapServers(), topic + ".dlq", 2);
    assertThat(dead).hasSize(2);
    Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
    dead.forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
    ConsumerRecord<byte[], byte[]> poison = byKey.get("k1");
    assertThat(new String(poison.value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
    assertThat(header(poison, DeadLetterHeaders.STAGE)).isEqualTo("decode");
    assertThat(header(poison, DeadLetterHeaders.ERROR_CLASS)).contains("Json");
    assertThat(header(poison, DeadLetterHeaders.ORIGINAL_POSITION)).isEqualTo("0");
    ConsumerRecord<byte[], byte[]> failed = byKey.get("k2");
    assertThat(header(failed, DeadLetterHeaders.STAGE)).isEqualTo("handler");
    assertThat(header(failed, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(IllegalStateException.class.getName());
    assertThat(header(failed, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("cannot process order 1");
    assertThat(header(failed, DeadLetterHeaders.ORIGINAL_SOURCE)).isEqualTo(topic);
    assertThat(header(failed, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
    assertThat(header(failed, DeadLetterHeaders.ORIGINAL_POSITION)).isEqualTo("1");
    assertThat(header(failed, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    assertThat(header(failed, DeadLetterHeaders.FIRST_FAILURE)).isNotBlank();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void unreachable_bootstrap_servers_fail_clearly_within_the_preflight_timeout() {
    KafkaSourceSettings<TestEvent> bad = KafkaSourceSettings.create("127.0.0.1:1", "g-bad", List.of("t"),
        PayloadDecoder.json(TestEvent.class)).withPreflightTimeout(Duration.ofSeconds(3));
    long started = System.nanoTime();
    assertThatThrownBy(() -> KafkaSource.create(system, bad))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessageContaining("cannot reach Kafka at bootstrap.servers=127.0.0.1:1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void a_missing_topic_fails_clearly_when_auto_creation_is_off() {
    KafkaSourceSettings<TestEvent> missing = settings("no-such-topic", "g-missing");
    assertThatThrownBy(() -> KafkaSource.create(system, missing))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessageContaining("topic 'no-such-topic' does not exist");
  }

  /** Truncated JSON, invalid UTF-8, wrong JSON types and a payload near the default 1 MB record limit. */
  private static byte[] badPayload(int i) {
    return switch (i) {
      case 0 -> TestRecords.bytes("{\"id\":100,\"key\":\"k0\",\"se");
      case 1 -> new byte[] {'{', '"', 'i', 'd', '"', ':', '1', ',', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3,
          (byte) 0x28, '"', '}'};
      case 2 -> TestRecords.bytes("[1,2,3]");
      case 3 -> TestRecords.bytes("{\"id\":\"one hundred\",\"key\":\"k1\",\"seq\":0}");
      default -> TestRecords.bytes("{\"id\":\"" + "9".repeat(900_000) + "x\"}");
    };
  }

  @Test
  void every_kind_of_bad_payload_and_header_is_dead_lettered_or_processed_and_nothing_is_lost() throws Exception {
    String topic = "bad-input";
    kafka.createTopic(topic, 2);
    int keys = 3;
    int good = 30;
    int bad = 5;
    List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    java.util.Set<Integer> badSizes = new java.util.HashSet<>();
    int nextGood = 0;
    int nextBad = 0;
    byte[] garbage = {(byte) 0xFF, 0, (byte) 0xFE, (byte) 0x80};
    for (int i = 0; i < good + bad; i++) {
      var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
      headers.add("junk", garbage);
      byte[] key;
      byte[] value;
      if (i % 6 == 5 && nextBad < bad) {
        value = badPayload(nextBad++);
        badSizes.add(value.length);
        key = TestRecords.bytes("k" + nextBad % keys);
      } else {
        long id = nextGood++;
        value = TestEvent.jsonBytes(id, keys);
        // a null key (round-robin partition) and a key of binary garbage among the keyed records
        key = id == 4 ? null : id == 7 ? garbage : TestRecords.bytes("k" + id % keys);
      }
      records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, key, value, headers));
    }
    try (var producer = TestRecords.producer(kafka.bootstrapServers())) {
      KafkaRecords.sendAll(producer, records);
    }
    Map<String, List<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<Long> processed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Running running = consume(settings(topic, "g-bad-input"),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY), envelope -> {
          processed.add(envelope.payload().id());
          if (envelope.key() != null) { // order is kept per record key (a null key is spread round-robin)
            seen.computeIfAbsent(envelope.key(), k -> new CopyOnWriteArrayList<>()).add(envelope.payload().seq());
          }
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> running.control().acknowledged() >= good + bad);
    assertThat(processed).hasSize(good);
    assertThat(seen).containsKeys("k0", "k1", "k2");
    for (List<Long> seqs : seen.values()) { // per record key, in order
      assertThat(seqs).isSorted();
    }
    Map<TopicPartition, Long> committed = running.drainAndShutdown();
    assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(good + bad);
    List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.awaitRecords(kafka.bootstrapServers(), topic + ".dlq",
        bad);
    assertThat(dead).hasSize(bad);
    java.util.Set<Integer> sizes = new java.util.HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      sizes.add(r.value().length);
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("decode");
      assertThat(header(r, DeadLetterHeaders.ERROR_CLASS)).isNotBlank();
      assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
      assertThat(r.headers().lastHeader("junk").value()).isEqualTo(garbage);
    }
    assertThat(sizes).as("each bad payload dead-lettered byte for byte").isEqualTo(badSizes);
  }
}
