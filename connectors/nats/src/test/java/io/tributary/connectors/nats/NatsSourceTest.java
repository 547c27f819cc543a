package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import io.tributary.testkit.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JetStream source and NatsRunner against the real NATS server: order, redelivery, dead letters, bounds, stop. */
class NatsSourceTest {

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private static NatsFixture nats;

  @BeforeAll
  static void start(NatsFixture fixture) {
    system = ActorSystem.create("nats-source-test");
    timer = Executors.newScheduledThreadPool(2);
    nats = fixture; // the extension deletes each test's streams after it
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    system.terminate();
  }

  /** A fresh stream {@code S_<id>} on subjects {@code s_<id>.>}, deleted (with its dead-letter stream) after the test. */
  private record TestStream(String name, String subjects) {
    String subject(String token) {
      return subjects.replace(">", token);
    }
  }

  private static TestStream newStream() throws Exception {
    String id = NatsFixture.unique("t");
    TestStream stream = new TestStream("S_" + id, "s_" + id + ".>");
    nats.createStream(stream.name(), stream.subjects());
    nats.deleteStreamAtClose(stream.name() + "_DLQ");
    return stream;
  }

  private static NatsSourceSettings<TestEvent> settings(TestStream stream, String durable) {
    return NatsSourceSettings.create(nats.url(), stream.name(), durable,
        PayloadDecoder.json(TestEvent.class));
  }

  private static CompletionStage<Done> done() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private static CompletionStage<Done> after(long millis) {
    CompletableFuture<Done> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(Done.getInstance()), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  private static ConsumerInfo consumer(TestStream stream, String durable) throws Exception {
    return nats.jetStreamManagement().getConsumerInfo(stream.name(), durable);
  }

  @Test
  void messages_of_a_key_are_processed_in_publish_order_while_keys_run_in_parallel() throws Exception {
    TestStream stream = newStream();
    int keys = 20;
    int perKey = 40;
    List<NatsMessage> messages = new ArrayList<>();
    for (int i = 0; i < keys * perKey; i++) {
      String key = "k" + (i % keys);
      // the key is the subject: the source's default when there is no Tributary-Key header
      messages.add(NatsMessage.builder().subject(stream.subject(key))
          .data(TestEvent.json(i, key, i / keys).getBytes(StandardCharsets.UTF_8)).build());
    }
    nats.publishAll(messages);

    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    NatsRunner<TestEvent> runner = NatsRunner.start(system, settings(stream, "ordered").withMaxBatch(50),
        ProcessingSettings.defaults().withParallelism(8),
        envelope -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          seen.computeIfAbsent(envelope.key(), k -> new CopyOnWriteArrayList<>()).add(envelope.payload().seq());
          return after(ThreadLocalRandom.current().nextInt(3)).thenApply(d -> {
            running.decrementAndGet();
            return d;
          });
        });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> runner.control().acknowledged() == keys * perKey);
      assertThat(seen).hasSize(keys);
      List<Long> expected = LongStream.range(0, perKey).boxed().collect(Collectors.toList());
      seen.forEach((key, seqs) -> assertThat(seqs).as("order of key %s", key).isEqualTo(expected));
      assertThat(maxRunning.get()).as("handlers running at once").isGreaterThan(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> consumer(stream, "ordered").getNumAckPending() == 0);
    } finally {
      runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void messages_left_unacknowledged_by_a_crashed_consumer_reach_the_next_one_with_the_same_durable()
      throws Exception {
    TestStream stream = newStream();
    int count = 100;
    List<NatsMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Headers headers = new Headers().add(NatsSourceSettings.DEFAULT_KEY_HEADER, "k" + (i % 7));
      messages.add(NatsMessage.builder().subject(stream.subject("orders")).headers(headers)
          .data(TestEvent.json(i, "k" + (i % 7), i / 7).getBytes(StandardCharsets.UTF_8)).build());
    }
    nats.publishAll(messages);
    NatsSourceSettings<TestEvent> settings = settings(stream, "crashy")
        .withMaxBatch(20).withAckWait(Duration.ofSeconds(2));

    // First consumer: receives everything, acknowledges only even ids, then crashes.
    Set<Long> ackedByFirst = ConcurrentHashMap.newKeySet();
    Set<Long> receivedByFirst = ConcurrentHashMap.newKeySet();
    NatsControl first = NatsSource.create(system, settings)
        .toMat(Sink.foreach(envelope -> {
          receivedByFirst.add(envelope.payload().id());
          if (envelope.payload().id() % 2 == 0) {
            envelope.acknowledge();
            ackedByFirst.add(envelope.payload().id());
          }
        }), Keep.left())
        .run(system);
    await().atMost(Duration.ofSeconds(10)).until(() -> receivedByFirst.size() == count);
    first.abort();

    // Second consumer, same durable: gets every message the first did not acknowledge.
    Set<Long> receivedBySecond = ConcurrentHashMap.newKeySet();
    NatsRunner<TestEvent> second = NatsRunner.start(system, settings,
        ProcessingSettings.defaults().withParallelism(4),
        envelope -> {
          receivedBySecond.add(envelope.payload().id());
          return done();
        });
    try {
      Set<Long> notAcked = LongStream.range(0, count).boxed().collect(Collectors.toSet());
      notAcked.removeAll(ackedByFirst);
      await().atMost(Duration.ofSeconds(20)).until(() -> receivedBySecond.containsAll(notAcked));
      Set<Long> all = new HashSet<>(ackedByFirst);
      all.addAll(receivedBySecond);
      assertThat(all).hasSize(count);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        ConsumerInfo info = consumer(stream, "crashy");
        return info.getNumAckPending() == 0 && info.getNumPending() == 0;
      });
    } finally {
      second.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void message_whose_handler_always_fails_is_redelivered_up_to_max_deliver_then_dead_lettered_with_headers()
      throws Exception {
    TestStream stream = newStream();
    for (int i = 0; i < 3; i++) {
      nats.publish(stream.subject("pay"), TestEvent.json(i, "k" + i, 0), "Trace-Id", "trace-" + i);
    }
    Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    NatsSourceSettings<TestEvent> settings = settings(stream, "failing")
        .withMaxDeliver(2).withNakOnFailure(Duration.ofMillis(100));
    NatsRunner<TestEvent> runner = NatsRunner.start(system, settings,
        ProcessingSettings.defaults().withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0)),
        envelope -> {
          attempts.computeIfAbsent(envelope.payload().id(), id -> new AtomicInteger()).incrementAndGet();
          throw new IllegalStateException("boom " + envelope.payload().id());
        });
    try {
      String dlq = settings.deadLetterStream();
      await().atMost(Duration.ofSeconds(20)).until(() -> nats.messageCount(dlq) == 3);
      List<MessageInfo> deadLetters = nats.messages(dlq);
      for (MessageInfo dead : deadLetters) {
        Headers h = dead.getHeaders();
        long id = Long.parseLong(h.getFirst("Trace-Id").substring("trace-".length()));
        assertThat(dead.getSubject()).isEqualTo(stream.name() + ".dlq");
        assertThat(NatsFixture.text(dead)).isEqualTo(TestEvent.json(id, "k" + id, 0));
        assertThat(h.getFirst(DeadLetterHeaders.ERROR_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(h.getFirst(DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("boom " + id);
        assertThat(h.getFirst(DeadLetterHeaders.ORIGINAL_SOURCE)).isEqualTo(stream.name());
        assertThat(h.getFirst(DeadLetterHeaders.ORIGINAL_SUBJECT)).isEqualTo(stream.subject("pay"));
        assertThat(h.getFirst(DeadLetterHeaders.ORIGINAL_POSITION)).isEqualTo(Long.toString(id + 1));
        assertThat(h.getFirst(DeadLetterHeaders.ATTEMPTS)).isEqualTo("2");
        assertThat(h.getFirst(DeadLetterHeaders.DELIVERIES)).isEqualTo("2");
        assertThat(h.getFirst(DeadLetterHeaders.STAGE)).isEqualTo("handler");
        assertThat(h.getFirst(DeadLetterHeaders.FIRST_FAILURE)).isNotBlank();
        // 2 deliveries x 2 attempts each
        assertThat(attempts.get(id)).hasValue(4);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        ConsumerInfo info = consumer(stream, "failing");
        return info.getNumAckPending() == 0 && info.getNumPending() == 0;
      });
      assertThat(runner.completion().toCompletableFuture()).isNotDone();
    } finally {
      runner.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void message_coming_back_after_max_deliver_deliveries_is_dead_lettered_without_processing_it_again()
      throws Exception {
    TestStream stream = newStream();
    nats.publish(stream.subject("poison"), TestEvent.json(1, "p", 0));
    NatsSourceSettings<TestEvent> settings = settings(stream, "poisoned")
        .withMaxDeliver(2).withAckWait(Duration.ofSeconds(1));
    // A consumer that never acknowledges (as if it crashed on the message every time).
    List<Long> seen = new CopyOnWriteArrayList<>();
    NatsControl control = NatsSource.create(system, settings)
        .toMat(Sink.foreach(envelope -> seen.add(envelope.payload().id())), Keep.left())
        .run(system);
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> nats.messageCount(settings.deadLetterStream()) == 1);
      MessageInfo dead = nats.messages(settings.deadLetterStream()).get(0);
      assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.STAGE)).isEqualTo("max-deliver");
      // The first delivery past maxDeliver is dead-lettered; it is the third unless a delivery went
      // to a fetch the client had already given up on (it counts, and comes back after ackWait).
      assertThat(Long.parseLong(dead.getHeaders().getFirst(DeadLetterHeaders.DELIVERIES)))
          .isGreaterThanOrEqualTo(3);
      assertThat(NatsFixture.text(dead)).isEqualTo(TestEvent.json(1, "p", 0));
      // Deliveries 1 and 2 reached the stream (one may be lost in a fetch the client gave up on, which
      // counts as a delivery all the same); the third did not. The server's delivered count can repeat
      // a value it gave before (a delivery to an expired pull request is taken back), so without the
      // source's own count a third delivery reached the stream (CI, one core busy).
      assertThat(seen).as("deliveries that reached the stream").isNotEmpty().hasSizeLessThanOrEqualTo(2)
          .containsOnly(1L);
      await().atMost(Duration.ofSeconds(10)).until(() -> control.consumerInfo().getNumAckPending() == 0);
    } finally {
      control.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void undecodable_payload_is_dead_lettered_and_acknowledged_while_the_stream_goes_on() throws Exception {
    TestStream stream = newStream();
    nats.publish(stream.subject("a"), TestEvent.json(1, "a", 0));
    nats.publish(stream.subject("a"), "not json {", "Trace-Id", "bad-1");
    nats.publish(stream.subject("a"), TestEvent.json(3, "a", 1));
    Set<Long> processed = ConcurrentHashMap.newKeySet();
    NatsSourceSettings<TestEvent> settings = settings(stream, "decoding");
    NatsRunner<TestEvent> runner = NatsRunner.start(system, settings, ProcessingSettings.defaults(),
        envelope -> {
          processed.add(envelope.payload().id());
          return done();
        });
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> processed.size() == 2
          && nats.messageCount(settings.deadLetterStream()) == 1);
      assertThat(processed).containsExactlyInAnyOrder(1L, 3L);
      MessageInfo dead = nats.messages(settings.deadLetterStream()).get(0);
      assertThat(NatsFixture.text(dead)).isEqualTo("not json {");
      assertThat(dead.getHeaders().getFirst("Trace-Id")).isEqualTo("bad-1");
      assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.STAGE)).isEqualTo("decode");
      assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
      assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.ORIGINAL_POSITION)).isEqualTo("2");
      assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.ERROR_CLASS)).contains("Json");
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        ConsumerInfo info = consumer(stream, "decoding");
        return info.getNumAckPending() == 0 && info.getNumPending() == 0;
      });
      assertThat(runner.completion().toCompletableFuture()).isNotDone();
    } finally {
      runner.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void stalled_handler_keeps_fetched_but_unacknowledged_messages_within_one_batch_plus_the_runner_buffer()
      throws Exception {
    TestStream stream = newStream();
    int count = 300;
    List<NatsMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(NatsMessage.builder().subject(stream.subject("k" + (i % 10)))
          .data(TestEvent.json(i, "k" + (i % 10), i / 10).getBytes(StandardCharsets.UTF_8)).build());
    }
    nats.publishAll(messages);
    int maxBatch = 10;
    int bufferSize = 6;
    long bound = maxBatch + bufferSize;
    AtomicBoolean stalled = new AtomicBoolean(true);
    List<CompletableFuture<Done>> stuck = new CopyOnWriteArrayList<>();
    Set<Long> processed = ConcurrentHashMap.newKeySet();
    NatsRunner<TestEvent> runner = NatsRunner.start(system, settings(stream, "stalled").withMaxBatch(maxBatch),
        ProcessingSettings.defaults().withParallelism(3).withBufferSize(bufferSize),
        envelope -> {
          processed.add(envelope.payload().id());
          if (stalled.get()) {
            CompletableFuture<Done> f = new CompletableFuture<>();
            stuck.add(f);
            return f;
          }
          return done();
        });
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> stuck.size() == 3);
      // While the handlers hang, the server's and our own count of delivered-but-unacknowledged
      // messages stay within the bound, and the rest stays in the stream.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
        ConsumerInfo info = consumer(stream, "stalled");
        return info.getNumAckPending() <= bound && runner.control().openMessages() <= bound
            && info.getNumPending() >= count - bound;
      });
      assertThat(runner.control().maxOpenMessages()).isLessThanOrEqualTo(bound);
      assertThat(stuck).hasSize(3);

      stalled.set(false);
      stuck.forEach(f -> f.complete(Done.getInstance()));
      await().atMost(Duration.ofSeconds(20)).until(() -> runner.control().acknowledged() == count);
      assertThat(processed).hasSize(count);
      assertThat(runner.control().maxOpenMessages()).isLessThanOrEqualTo(bound);
    } finally {
      runner.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void graceful_stop_acknowledges_finished_messages_and_hands_back_the_rest_so_none_is_lost_or_repeated()
      throws Exception {
    TestStream stream = newStream();
    int count = 400;
    List<NatsMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(NatsMessage.builder().subject(stream.subject("k" + (i % 16)))
          .data(TestEvent.json(i, "k" + (i % 16), i / 16).getBytes(StandardCharsets.UTF_8)).build());
    }
    nats.publishAll(messages);
    NatsSourceSettings<TestEvent> settings = settings(stream, "stopping").withMaxBatch(25);
    List<Long> processedFirst = new CopyOnWriteArrayList<>();
    NatsRunner<TestEvent> first = NatsRunner.start(system, settings,
        ProcessingSettings.defaults().withParallelism(4),
        envelope -> after(5).thenApply(d -> {
          processedFirst.add(envelope.payload().id());
          return d;
        }));
    Lifecycle.Registration registration = first.registerShutdown(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> processedFirst.size() >= 50);
    String report = registration.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(report).contains("abandoned=0");
    assertThat(first.abandonedAtStop()).isZero();
    assertThat(first.control().acknowledged()).isEqualTo(processedFirst.size());
    assertThat(processedFirst.size()).isLessThan(count);
    assertThat(first.control().openMessages()).isZero();
    // The server's view agrees: everything not processed is either undelivered or handed back
    // (nak'd, waiting for its redelivery); nothing unprocessed was acknowledged.
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      ConsumerInfo info = consumer(stream, "stopping");
      return info.getNumPending() + info.getNumAckPending() == count - processedFirst.size()
          && info.getNumAckPending() == first.control().nakd();
    });

    List<Long> processedSecond = new CopyOnWriteArrayList<>();
    NatsRunner<TestEvent> second = NatsRunner.start(system, settings, ProcessingSettings.defaults(),
        envelope -> {
          processedSecond.add(envelope.payload().id());
          return done();
        });
    try {
      await().atMost(Duration.ofSeconds(20))
          .until(() -> processedFirst.size() + processedSecond.size() >= count
              && consumer(stream, "stopping").getNumAckPending() == 0);
      Set<Long> all = new HashSet<>(processedFirst);
      all.addAll(processedSecond);
      assertThat(all).hasSize(count);
      assertThat(processedFirst.size() + processedSecond.size()).as("nothing processed twice").isEqualTo(count);
    } finally {
      second.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void handler_can_nak_a_message_for_redelivery_and_sees_it_again() throws Exception {
    TestStream stream = newStream();
    nats.publish(stream.subject("x"), TestEvent.json(7, "x", 0));
    List<Long> deliveries = new CopyOnWriteArrayList<>();
    NatsRunner<TestEvent> runner = NatsRunner.start(system, settings(stream, "nakking"),
        ProcessingSettings.defaults(),
        envelope -> {
          NatsAcknowledgement ack = NatsAcknowledgement.of(envelope).orElseThrow();
          deliveries.add(ack.deliveredCount());
          if (ack.deliveredCount() == 1) {
            ack.nak(Duration.ofMillis(200));
          }
          return done();
        });
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 2);
      assertThat(deliveries).containsExactly(1L, 2L);
      await().atMost(Duration.ofSeconds(10)).until(() -> consumer(stream, "nakking").getNumAckPending() == 0);
      assertThat(runner.control().nakd()).isEqualTo(1);
      assertThat(runner.control().acknowledged()).isEqualTo(1);
    } finally {
      runner.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void envelope_carries_stream_position_key_header_headers_and_raw_data() throws Exception {
    TestStream stream = newStream();
    nats.publish(stream.subject("orders"), TestEvent.json(1, "c-9", 0),
        NatsSourceSettings.DEFAULT_KEY_HEADER, "c-9", "Trace-Id", "t-1");
    nats.publish(stream.subject("orders"), TestEvent.json(2, "none", 0));
    List<Envelope<TestEvent>> received = new CopyOnWriteArrayList<>();
    NatsControl control = NatsSource.create(system, settings(stream, "shape"))
        .toMat(Sink.foreach(envelope -> {
          received.add(envelope);
          envelope.acknowledge();
        }), Keep.left())
        .run(system);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      Envelope<TestEvent> withKey = received.get(0);
      assertThat(withKey.key()).isEqualTo("c-9");
      assertThat(withKey.position().source()).isEqualTo(stream.name());
      assertThat(withKey.position().partition()).isZero();
      assertThat(withKey.position().offset()).isEqualTo(1);
      assertThat(withKey.header("Trace-Id")).contains("t-1");
      assertThat(new String(withKey.rawValue(), StandardCharsets.UTF_8)).isEqualTo(TestEvent.json(1, "c-9", 0));
      assertThat(withKey.payload()).isEqualTo(new TestEvent(1, "c-9", 0));
      assertThat(received.get(1).key()).as("no key header: the subject").isEqualTo(stream.subject("orders"));
      assertThat(received.get(1).position().offset()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(10)).until(() -> control.consumerInfo().getNumAckPending() == 0);
    } finally {
      control.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Truncated JSON, invalid UTF-8, wrong JSON types and a payload near the server's max_payload. */
  private static byte[] badPayload(int i, int huge) {
    return switch (i) {
      case 0 -> "{\"id\":100,\"key\":\"k0\",\"se".getBytes(StandardCharsets.UTF_8);
      case 1 -> new byte[] {'{', '"', 'i', 'd', '"', ':', '1', ',', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3,
          (byte) 0x28, '"', '}'};
      case 2 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8);
      case 3 -> "{\"id\":\"one hundred\",\"key\":\"k1\",\"seq\":0}".getBytes(StandardCharsets.UTF_8);
      default -> ("{\"id\":\"" + "9".repeat(huge) + "x\"}").getBytes(StandardCharsets.UTF_8);
    };
  }

  @Test
  void every_kind_of_bad_payload_and_header_is_dead_lettered_or_processed_and_nothing_is_lost() throws Exception {
    TestStream stream = newStream();
    // the dead letter carries the payload plus headers: leave room under the server's limit
    int huge = (int) Math.min(3L << 20, nats.connection().getServerInfo().getMaxPayload() - 100_000);
    int keys = 3;
    int good = 30;
    int bad = 5;
    List<NatsMessage> messages = new ArrayList<>();
    Set<Integer> badSizes = new HashSet<>();
    int nextGood = 0;
    int nextBad = 0;
    for (int i = 0; i < good + bad; i++) {
      Headers headers = new Headers();
      byte[] data;
      if (i % 6 == 5 && nextBad < bad) {
        data = badPayload(nextBad++, huge);
        badSizes.add(data.length);
        headers.add("Junk", "\t~}{%$#@!\\x00"); // jnats refuses non-ASCII header bytes
      } else {
        long id = nextGood++;
        data = TestEvent.jsonBytes(id, keys);
        if (id == 4) {
          headers.add("Other", "no key header"); // the key header is missing: the subject is the key
        } else if (id == 7) {
          headers.add(NatsSourceSettings.DEFAULT_KEY_HEADER, ""); // an empty key
        } else {
          headers.add(NatsSourceSettings.DEFAULT_KEY_HEADER, "k" + id % keys);
        }
      }
      messages.add(NatsMessage.builder().subject(stream.subject("k")).headers(headers).data(data).build());
    }
    nats.publishAll(messages);
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    Set<Long> processed = ConcurrentHashMap.newKeySet();
    NatsSourceSettings<TestEvent> settings = settings(stream, "bad-input");
    NatsRunner<TestEvent> runner = NatsRunner.start(system, settings, ProcessingSettings.defaults(),
        envelope -> {
          processed.add(envelope.payload().id());
          seen.computeIfAbsent(envelope.payload().key(), k -> new CopyOnWriteArrayList<>())
              .add(envelope.payload().seq());
          return done();
        });
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> processed.size() == good
          && nats.messageCount(settings.deadLetterStream()) == bad);
      for (List<Long> seqs : seen.values()) { // per payload key, in order
        assertThat(seqs).isSorted();
      }
      Set<Integer> sizes = new HashSet<>();
      for (MessageInfo dead : nats.messages(settings.deadLetterStream())) {
        sizes.add(dead.getData().length);
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.STAGE)).isEqualTo("decode");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.ERROR_CLASS)).isNotBlank();
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
      }
      assertThat(sizes).as("each bad payload dead-lettered byte for byte").isEqualTo(badSizes);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        ConsumerInfo info = consumer(stream, "bad-input");
        return info.getNumAckPending() == 0 && info.getNumPending() == 0;
      });
      assertThat(runner.completion().toCompletableFuture()).as("the source keeps running").isNotDone();
    } finally {
      runner.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
