package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures messages per second end to end against the real broker and prints one line: N messages
 * (default 10,000; {@code -Dtributary.amqp.throughput.messages=N}) published through {@link
 * AmqpSink} with confirms while an {@link AmqpRunner} with a no-op handler consumes and
 * acknowledges them; then the same N consumed from a full queue. The default build asserts only that
 * every message arrives and is acknowledged: 10,000 are ten prefetch windows over 1,000 keys; pass
 * 50,000 or more for a steadier rate.
 */
class AmqpThroughputTest {

  private static final int N = Integer.getInteger("tributary.amqp.throughput.messages", 10_000);
  private static ActorSystem system;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  private RabbitMqFixture rabbit;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("amqp-throughput-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @BeforeEach
  void fixture(RabbitMqFixture rabbit) {
    this.rabbit = rabbit; // the extension deletes this test's queues and exchanges after it
  }

  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  private static AmqpRunner<String> runner(String queue) {
    return AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbitMq.fixture().uri(), queue, PayloadDecoder.string())
            .withKeyFromHeader("key")
            .withPrefetch(1_000),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(64),
        envelope -> DONE);
  }

  private static CompletionStage<Done> publish(String queue) {
    return Source.range(0, N - 1)
        .map(i -> OutgoingMessage.toQueue(queue, ("{\"id\":" + i + ",\"padding\":\"" + "x".repeat(60) + "\"}")
            .getBytes(StandardCharsets.UTF_8)).withHeader("key", "k" + (i % 1_000)))
        .runWith(AmqpSink.create(AmqpSinkSettings.create(rabbitMq.fixture().uri()).withMaxInFlight(1_000)
            .withDeclarations(AmqpDeclaration.queue(queue))), system);
  }

  private static long perSecond(long n, long nanos) {
    return n * 1_000_000_000L / Math.max(1, nanos);
  }

  @Test
  void end_to_end_rate_with_confirms_runner_and_acks_is_measured() throws Exception {
    String queue = rabbit.queueName("throughput");
    rabbit.declareQueue(queue);
    AmqpRunner<String> runner = runner(queue);
    rabbit.stopAtClose(runner::release);

    long started = System.nanoTime();
    CompletionStage<Done> published = publish(queue);
    published.toCompletableFuture().get(120, TimeUnit.SECONDS);
    long publishedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
        .until(() -> runner.control().acknowledged() >= N);
    long endToEnd = System.nanoTime() - started;
    runner.registerShutdown(Duration.ofSeconds(4)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(runner.control().acknowledged()).isEqualTo(N);

    String full = rabbit.queueName("throughput-full");
    long publishOnlyStarted = System.nanoTime();
    publish(full).toCompletableFuture().get(120, TimeUnit.SECONDS);
    long publishOnly = System.nanoTime() - publishOnlyStarted;
    long consumeStarted = System.nanoTime();
    AmqpRunner<String> drainer = runner(full);
    rabbit.stopAtClose(drainer::release);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
        .until(() -> drainer.control().acknowledged() >= N);
    long consumeOnly = System.nanoTime() - consumeStarted;
    drainer.registerShutdown(Duration.ofSeconds(4)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(rabbit.messageCount(full)).isZero();

    System.out.printf("amqp-throughput: messages=%d end_to_end_ms=%d end_to_end_rate_per_s=%d "
            + "publish_while_consuming_rate_per_s=%d publish_only_rate_per_s=%d "
            + "consume_ack_from_full_queue_rate_per_s=%d max_unacked=%d%n",
        N, endToEnd / 1_000_000, perSecond(N, endToEnd), perSecond(N, publishedAt - started),
        perSecond(N, publishOnly), perSecond(N, consumeOnly), drainer.control().maxUnacknowledged());
  }
}
