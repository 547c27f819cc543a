package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.RabbitMqCtl;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import io.tributary.testkit.TestEvent;
import java.time.Duration;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AMQP source with the processing runner against the real broker: order, redelivery, recovery, backpressure. */
class AmqpSourceTest {

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  private RabbitMqFixture rabbit;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("amqp-source-test");
    timer = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stopSystem() {
    timer.shutdownNow();
    system.terminate();
  }

  @BeforeEach
  void fixture(RabbitMqFixture rabbit) {
    this.rabbit = rabbit; // the extension deletes this test's queues and exchanges after it
  }

  private static AmqpSourceSettings<TestEvent> settings(String uri, String queue) {
    return AmqpSourceSettings.create(AmqpConnectionSettings.create(uri).withRecoveryInterval(Duration.ofMillis(200)),
        queue, PayloadDecoder.json(TestEvent.class));
  }

  private static CompletionStage<Done> after(long micros) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    timer.schedule(() -> done.complete(Done.getInstance()), micros, TimeUnit.MICROSECONDS);
    return done;
  }

  private static void stop(AmqpRunner<?> runner) throws Exception {
    String report = runner.registerShutdown(Duration.ofSeconds(4)).stop()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(report).contains("abandoned=0");
  }

  @Test
  void ordered_per_key_runner_keeps_each_keys_order_while_keys_run_in_parallel() throws Exception {
    String queue = rabbit.queueName("ordered");
    String exchange = rabbit.exchangeName("ordered");
    int keys = 20;
    int n = 2_000;
    AmqpSourceSettings<TestEvent> settings = settings(rabbit.uri(), queue)
        .withDeclarations(AmqpDeclaration.exchange(exchange, "topic"), AmqpDeclaration.queue(queue),
            AmqpDeclaration.binding(queue, exchange, "#"))
        .withPrefetch(200);
    Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    Set<Long> done = ConcurrentHashMap.newKeySet();
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system, settings,
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(8),
        envelope -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          TestEvent e = envelope.payload();
          if (!e.key().equals(envelope.key())) {
            violations.incrementAndGet(); // the routing key is the envelope key
          }
          Long previous = lastSeq.put(e.key(), e.seq());
          if (previous == null ? e.seq() != 0 : e.seq() != previous + 1) {
            violations.incrementAndGet();
          }
          return after(ThreadLocalRandom.current().nextInt(50, 500)).thenApply(d -> {
            running.decrementAndGet();
            done.add(e.id());
            return d;
          });
        });
    rabbit.stopAtClose(runner::release);

    rabbit.publish(exchange, n, i -> "k" + (i % keys), i -> TestEvent.jsonBytes(i, keys), i -> null);

    await().atMost(Duration.ofSeconds(60)).until(() -> done.size() == n);
    assertThat(violations).hasValue(0);
    assertThat(maxRunning.get()).isGreaterThan(1);
    assertThat(runner.control().redelivered()).isZero();
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  @Test
  void unacknowledged_messages_are_redelivered_to_a_new_consumer_after_a_crash() throws Exception {
    String queue = rabbit.queueName("crash");
    rabbit.declareQueue(queue);
    rabbit.publishToQueue(queue, 100, i -> TestEvent.json(i, 10));
    AmqpSourceSettings<TestEvent> settings = settings(rabbit.uri(), queue).withPrefetch(20);

    List<Envelope<TestEvent>> held = new CopyOnWriteArrayList<>();
    Pair<AmqpControl, CompletionStage<Done>> first = AmqpSource.create(system, settings)
        .toMat(Sink.foreach(held::add), Keep.both())
        .run(system);
    rabbit.stopAtClose(first.first()::shutdown);
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 20);
    held.subList(0, 5).forEach(Envelope::acknowledge);
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 25);
    assertThat(first.first().unacknowledged()).isEqualTo(20);

    first.first().abort(); // a crash: no close handshake, nothing more acknowledged
    assertThatThrownBy(() -> first.second().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AmqpConnectionLostException.class);
    held.get(10).acknowledge(); // a tag of the dead channel: dropped, never sent anywhere
    assertThat(first.first().staleAcknowledgements()).isEqualTo(1);

    Set<Long> acknowledgedBefore = held.subList(0, 5).stream().map(e -> e.payload().id()).collect(Collectors.toSet());
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    AmqpRunner<TestEvent> second = AmqpRunner.start(system, settings, ProcessingSettings.defaults(), envelope -> {
      seen.add(envelope.payload().id());
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    rabbit.stopAtClose(second::release);
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 95);
    Set<Long> all = IntStream.range(0, 100).mapToObj(i -> (long) i).collect(Collectors.toSet());
    assertThat(seen).doesNotContainAnyElementsOf(acknowledgedBefore);
    assertThat(union(seen, acknowledgedBefore)).isEqualTo(all);
    assertThat(second.control().redelivered()).isEqualTo(20);
    stop(second);
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  private static Set<Long> union(Set<Long> a, Set<Long> b) {
    Set<Long> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  @Test
  void lost_connection_mid_stream_reconnects_and_every_message_is_processed() throws Exception {
    String queue = rabbit.queueName("recovery");
    rabbit.declareQueue(queue);
    int n = 1_000;
    rabbit.publishToQueue(queue, n, i -> TestEvent.json(i, 10));
    try (TcpProxy proxy = new TcpProxy(rabbit.host(), rabbit.port())) {
      Set<Long> seen = ConcurrentHashMap.newKeySet();
      LongAdder handled = new LongAdder();
      // The first 200 handler calls finish; every later one holds its delivery until `held`
      // completes, so the consumer fills its prefetch however fast the first 200 went.
      AtomicInteger calls = new AtomicInteger();
      CompletableFuture<Done> held = new CompletableFuture<>();
      AmqpRunner<TestEvent> runner = AmqpRunner.start(system, settings(proxy.uri(), queue).withPrefetch(50),
          ProcessingSettings.defaults().withMode(OrderingMode.UNORDERED).withParallelism(8),
          envelope -> (calls.incrementAndGet() > 200 ? held : CompletableFuture.completedFuture(Done.getInstance()))
              .thenCompose(open -> after(300)).thenApply(d -> {
                seen.add(envelope.payload().id());
                handled.increment();
                return d;
              }));
      rabbit.stopAtClose(runner::release);
      await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 200);
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.control().unacknowledged() == 50);

      proxy.dropConnections(); // the network fails: the broker requeues the 50 unacknowledged
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.control().recoveries() == 1);
      held.complete(Done.getInstance()); // handlers of the lost channel finish: their acks are stale

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == n);
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.control().unacknowledged() == 0);
      assertThat(runner.control().staleAcknowledgements()).isPositive();
      assertThat(runner.control().redelivered()).isGreaterThanOrEqualTo(50);
      // a stale tag acknowledged on the new channel would have closed it (406 unknown delivery tag)
      assertThat(runner.control().recoveries()).isEqualTo(1);
      assertThat(runner.completion().toCompletableFuture()).isNotDone();
      stop(runner);
      assertThat(handled.sum()).isGreaterThanOrEqualTo(n);
    }
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  /** What a test does to the broker while the runner holds a full prefetch of deliveries. */
  private interface Disruption {
    void apply(String queue, AmqpRunner<TestEvent> runner) throws Exception;
  }

  /**
   * Runs 500 persistent messages through a runner whose handlers hold the first 50 deliveries
   * until {@code disruption} is over; then every message must be processed, the held ones redelivered.
   */
  private void survives(String prefix, Disruption disruption) throws Exception {
    Assumptions.assumeTrue(RabbitMqCtl.available(), "needs rabbitmqctl for the local broker");
    String queue = rabbit.queueName(prefix);
    rabbit.declareQueue(queue); // durable, and the messages are persistent: they survive a restart
    int n = 500;
    rabbit.publishToQueue(queue, n, i -> TestEvent.json(i, 10));
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    CompletableFuture<Done> over = new CompletableFuture<>();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system, settings(rabbit.uri(), queue).withPrefetch(50),
        ProcessingSettings.defaults().withMode(OrderingMode.UNORDERED).withParallelism(8),
        envelope -> over.thenCompose(c -> after(200)).thenApply(d -> {
          seen.add(envelope.payload().id());
          return d;
        }));
    rabbit.stopAtClose(runner::release);
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.control().unacknowledged() == 50);

    disruption.apply(queue, runner);
    over.complete(Done.getInstance()); // the handlers holding deliveries of the lost channel finish now

    await().atMost(Duration.ofSeconds(60))
        .until(() -> seen.size() == n && runner.control().recoveries() >= 1);
    assertThat(runner.control().redelivered()).isGreaterThanOrEqualTo(50);
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.control().unacknowledged() == 0);
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  @Test
  void broker_closing_the_connection_forcibly_is_survived_by_reconnecting() throws Exception {
    // what the broker does to its clients when it shuts down: connection.close 320 CONNECTION_FORCED
    survives("forced", (queue, runner) -> assertThat(
        RabbitMqCtl.closeConnections("tributary-consumer-" + queue, "test: broker-side close")).isEqualTo(1));
  }

  @Test
  void broker_restart_is_survived_and_every_persistent_message_is_processed() throws Exception {
    survives("restart", (queue, runner) -> {
      try {
        RabbitMqCtl.stopApp(); // connections are closed, new ones refused until start_app
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.control().isConnected());
      } finally {
        RabbitMqCtl.startApp();
      }
    });
  }

  @Test
  void stalled_handler_never_holds_more_unacknowledged_deliveries_than_the_prefetch() throws Exception {
    String queue = rabbit.queueName("backpressure");
    rabbit.declareQueue(queue);
    rabbit.publishToQueue(queue, 200, i -> TestEvent.json(i, 10));
    List<CompletableFuture<Done>> stalled = new CopyOnWriteArrayList<>();
    AtomicBoolean released = new AtomicBoolean();
    Set<Long> done = ConcurrentHashMap.newKeySet();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system, settings(rabbit.uri(), queue).withPrefetch(10),
        ProcessingSettings.defaults().withMode(OrderingMode.UNORDERED).withParallelism(4), envelope -> {
          CompletableFuture<Done> f = new CompletableFuture<>();
          CompletableFuture<Done> recorded = f.thenApply(d -> {
            done.add(envelope.payload().id());
            return d;
          });
          if (released.get()) {
            f.complete(Done.getInstance());
          } else {
            stalled.add(f);
          }
          return recorded;
        });
    rabbit.stopAtClose(runner::release);
    AmqpControl control = runner.control();

    await().atMost(Duration.ofSeconds(10)).until(() -> control.unacknowledged() == 10 && rabbit.messageCount(queue) == 190);
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
        .until(() -> control.maxUnacknowledged() <= 10 && rabbit.messageCount(queue) == 190 && control.delivered() == 10);
    assertThat(stalled).hasSize(4); // the runner's parallelism; the other 6 wait in its buffer

    released.set(true);
    stalled.forEach(f -> f.complete(Done.getInstance()));
    await().atMost(Duration.ofSeconds(20)).until(() -> done.size() == 200);
    assertThat(control.maxUnacknowledged()).isEqualTo(10);
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  @Test
  void handler_can_requeue_a_message_for_redelivery() throws Exception {
    String queue = rabbit.queueName("requeue");
    rabbit.declareQueue(queue);
    rabbit.publishToQueue(queue, 5, i -> TestEvent.json(i, 5));
    Set<Long> processedOnRedelivery = ConcurrentHashMap.newKeySet();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system, settings(rabbit.uri(), queue), ProcessingSettings.defaults(),
        envelope -> {
          AmqpAcknowledgement ack = AmqpAcknowledgement.of(envelope);
          if (!ack.redelivered()) {
            ack.requeue(); // the pipeline's final ack() is then a no-op
          } else {
            processedOnRedelivery.add(envelope.payload().id());
          }
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    rabbit.stopAtClose(runner::release);
    await().atMost(Duration.ofSeconds(10)).until(() -> processedOnRedelivery.size() == 5);
    assertThat(runner.control().requeued()).isEqualTo(5);
    assertThat(runner.control().acknowledged()).isEqualTo(5);
    stop(runner);
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  @Test
  void key_comes_from_a_header_when_configured() throws Exception {
    String queue = rabbit.queueName("header-key");
    rabbit.declareQueue(queue);
    rabbit.publish("", 3, i -> queue, i -> TestEvent.jsonBytes(i, 3), i -> Map.of("customer", "c" + i));
    List<Envelope<TestEvent>> received = new CopyOnWriteArrayList<>();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system, settings(rabbit.uri(), queue).withKeyFromHeader("customer"),
        ProcessingSettings.defaults(), envelope -> {
          received.add(envelope);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    rabbit.stopAtClose(runner::release);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    assertThat(received).extracting(Envelope::key).containsExactlyInAnyOrder("c0", "c1", "c2");
    assertThat(received).allSatisfy(e -> {
      assertThat(e.position().source()).isEqualTo(queue);
      assertThat(e.position().partition()).isZero();
      assertThat(e.position().offset()).isPositive();
      assertThat(e.header("customer")).contains(e.key());
    });
    stop(runner);
  }
}
