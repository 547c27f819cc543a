package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.processing.FailurePolicy;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import io.tributary.testkit.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dead-lettering against the real broker: failed handlers and undecodable payloads end in {@code <queue>.dlq}. */
class AmqpDeadLetterTest {

  private static ActorSystem system;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  private RabbitMqFixture rabbit;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("amqp-dead-letter-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @BeforeEach
  void fixture(RabbitMqFixture rabbit) {
    this.rabbit = rabbit; // the extension deletes this test's queues and exchanges after it
  }

  private static String header(GetResponse r, String name) {
    return AmqpConnections.text(r.getProps().getHeaders(), name);
  }

  private static void stop(AmqpRunner<?> runner) throws Exception {
    runner.registerShutdown(Duration.ofSeconds(4)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void message_whose_handler_always_fails_goes_to_the_dead_letter_queue_with_error_headers() throws Exception {
    String queue = rabbit.queueName("failing");
    rabbit.declareQueue(queue);
    rabbit.publish("", 3, i -> queue, i -> TestEvent.jsonBytes(i, 3), i -> Map.of("trace-id", "t" + i));
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.json(TestEvent.class)),
        ProcessingSettings.defaults()
            .withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0))
            .withFailurePolicy(FailurePolicy.DEAD_LETTER),
        envelope -> CompletableFuture.<Done>failedFuture(new IllegalStateException("boom " + envelope.payload().id())));
    rabbit.stopAtClose(runner::release);

    String dlq = queue + ".dlq";
    await().atMost(Duration.ofSeconds(15)).until(() -> rabbit.messageCount(dlq) == 3);
    // The broker holds a dead letter before its publisher confirm is back; the count follows the confirm.
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.metrics().deadLettered() == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.control().acknowledged() == 3);
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();

    List<GetResponse> deadLetters = rabbit.takeAll(dlq);
    deadLetters.sort(Comparator.comparing(r -> header(r, "trace-id")));
    assertThat(deadLetters).hasSize(3);
    for (int i = 0; i < 3; i++) {
      GetResponse r = deadLetters.get(i);
      assertThat(r.getBody()).isEqualTo(TestEvent.jsonBytes(i, 3));
      assertThat(header(r, "trace-id")).isEqualTo("t" + i);
      assertThat(header(r, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(IllegalStateException.class.getName());
      assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("boom " + i);
      assertThat(header(r, DeadLetterHeaders.ORIGINAL_SOURCE)).isEqualTo(queue);
      assertThat(header(r, DeadLetterHeaders.ORIGINAL_EXCHANGE)).isEmpty();
      assertThat(header(r, DeadLetterHeaders.ORIGINAL_ROUTING_KEY)).isEqualTo(queue);
      assertThat(header(r, DeadLetterHeaders.ATTEMPTS)).isEqualTo("2");
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("handler");
      assertThat(Instant.parse(header(r, DeadLetterHeaders.FIRST_FAILURE))).isBefore(Instant.now());
      assertThat(r.getProps().getDeliveryMode()).isEqualTo(2);
    }
  }

  @Test
  void undecodable_payload_is_dead_lettered_and_acknowledged_while_the_stream_goes_on() throws Exception {
    String queue = rabbit.queueName("undecodable");
    rabbit.declareQueue(queue);
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    rabbit.publish("", 3, i -> queue, i -> i == 1 ? garbage : TestEvent.jsonBytes(i, 3), i -> null);
    Set<Long> processed = ConcurrentHashMap.newKeySet();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.json(TestEvent.class)),
        ProcessingSettings.defaults(), envelope -> {
          processed.add(envelope.payload().id());
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    rabbit.stopAtClose(runner::release);

    String dlq = queue + ".dlq";
    await().atMost(Duration.ofSeconds(10)).until(() -> processed.size() == 2 && rabbit.messageCount(dlq) == 1);
    assertThat(processed).containsExactlyInAnyOrder(0L, 2L);
    assertThat(runner.control().undecodable()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.control().acknowledged() == 3);
    assertThat(runner.completion().toCompletableFuture()).isNotDone();
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();

    GetResponse deadLetter = rabbit.takeAll(dlq).get(0);
    assertThat(deadLetter.getBody()).isEqualTo(garbage);
    assertThat(header(deadLetter, DeadLetterHeaders.STAGE)).isEqualTo("decode");
    assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CLASS)).contains("Json");
  }

  @Test
  void dead_letters_can_go_through_a_dead_letter_exchange() throws Exception {
    String queue = rabbit.queueName("dlx");
    String exchange = rabbit.exchangeName("dlx");
    rabbit.declareQueue(queue);
    rabbit.publishToQueue(queue, 2, i -> TestEvent.json(i, 2));
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.json(TestEvent.class)).withDeadLetterExchange(exchange),
        ProcessingSettings.defaults().withRetry(RetryPolicy.noRetry()),
        envelope -> CompletableFuture.<Done>failedFuture(new IllegalArgumentException("rejected")));
    rabbit.stopAtClose(runner::release);
    await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(queue + ".dlq") == 2);
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  /** Truncated JSON, invalid UTF-8, wrong JSON types and a 3 MB payload among good messages. */
  static byte[] badPayload(int i) {
    return switch (i) {
      case 0 -> "{\"id\":100,\"key\":\"k0\",\"se".getBytes(StandardCharsets.UTF_8); // truncated
      case 1 -> new byte[] {'{', '"', 'i', 'd', '"', ':', '1', ',', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3,
          (byte) 0x28, '"', '}'}; // invalid UTF-8 inside a string
      case 2 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8); // an array where an object is expected
      case 3 -> "{\"id\":\"one hundred\",\"key\":\"k1\",\"seq\":0}".getBytes(StandardCharsets.UTF_8);
      default -> ("{\"id\":\"" + "9".repeat(3 * 1024 * 1024) + "x\"}").getBytes(StandardCharsets.UTF_8); // 3 MB
    };
  }

  @Test
  void every_kind_of_bad_payload_and_header_is_dead_lettered_or_processed_and_nothing_is_lost() throws Exception {
    String queue = rabbit.queueName("bad-input");
    rabbit.declareQueue(queue);
    int keys = 3;
    int good = 30;
    int bad = 5;
    // message i: every 6th one is bad until the bad ones run out; the good ones carry ids 0.. in order
    int total = good + bad;
    int[] goodId = new int[total];
    int[] badIndex = new int[total];
    int nextGood = 0;
    int nextBad = 0;
    for (int i = 0; i < total; i++) {
      if (i % 6 == 5 && nextBad < bad) {
        badIndex[i] = nextBad++;
        goodId[i] = -1;
      } else {
        goodId[i] = nextGood++;
      }
    }
    rabbit.publish("", total, i -> queue,
        i -> goodId[i] >= 0 ? TestEvent.jsonBytes(goodId[i], keys) : badPayload(badIndex[i]),
        i -> {
          if (goodId[i] < 0) {
            return Map.of("junk", new byte[] {(byte) 0xFF, 0, (byte) 0xFE});
          }
          String key = "k" + goodId[i] % keys;
          return switch (goodId[i]) {
            case 4 -> Map.of("other", "no key header"); // the key header is missing
            case 7 -> Map.of("Tributary-Key", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}); // binary garbage
            case 10 -> Map.of("Tributary-Key", 42); // not text
            default -> Map.of("Tributary-Key", key, "junk", new byte[] {(byte) 0x80, (byte) 0xC0});
          };
        });
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    Set<Long> processed = ConcurrentHashMap.newKeySet();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.json(TestEvent.class))
            .withKeyFromHeader("Tributary-Key"),
        ProcessingSettings.defaults().withMode(io.tributary.streams.processing.OrderingMode.ORDERED_PER_KEY),
        envelope -> {
          processed.add(envelope.payload().id());
          seen.computeIfAbsent(envelope.payload().key(), k -> java.util.Collections.synchronizedList(
              new java.util.ArrayList<>())).add(envelope.payload().seq());
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    rabbit.stopAtClose(runner::release);

    String dlq = queue + ".dlq";
    await().atMost(Duration.ofSeconds(20)).until(() -> processed.size() == good && rabbit.messageCount(dlq) == bad);
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.control().acknowledged() == total);
    assertThat(runner.control().undecodable()).isEqualTo(bad);
    assertThat(runner.completion().toCompletableFuture()).as("the source keeps running").isNotDone();
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();
    for (List<Long> seqs : seen.values()) { // per payload key, the handler saw its events in order
      assertThat(seqs).isSorted();
    }
    List<GetResponse> deadLetters = rabbit.takeAll(dlq);
    assertThat(deadLetters).hasSize(bad);
    Set<Integer> sizes = new java.util.HashSet<>();
    for (GetResponse r : deadLetters) {
      sizes.add(r.getBody().length);
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("decode");
      assertThat(header(r, DeadLetterHeaders.ERROR_CLASS)).isNotBlank();
      assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
    }
    Set<Integer> expected = new java.util.HashSet<>();
    for (int b = 0; b < bad; b++) {
      expected.add(badPayload(b).length); // each bad payload came back byte for byte, the 3 MB one too
    }
    assertThat(sizes).isEqualTo(expected);
  }
}
