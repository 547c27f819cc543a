package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import io.tributary.testkit.TestEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runner's lifecycle against the real broker: graceful stop, and clear errors when it cannot start. */
class AmqpRunnerTest {

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  private RabbitMqFixture rabbit;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("amqp-runner-test");
    timer = Executors.newScheduledThreadPool(1);
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

  private static CompletionStage<Done> record(List<Long> processed, long id) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    timer.schedule(() -> {
      processed.add(id);
      done.complete(Done.getInstance());
    }, 2, TimeUnit.MILLISECONDS);
    return done;
  }

  @Test
  void graceful_stop_cancels_the_consumer_drains_acknowledges_and_closes() throws Exception {
    String queue = rabbit.queueName("graceful");
    rabbit.declareQueue(queue);
    int n = 1_000;
    rabbit.publishToQueue(queue, n, i -> TestEvent.json(i, 10));
    List<Long> processed = new CopyOnWriteArrayList<>();
    AmqpRunner<TestEvent> runner = AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.json(TestEvent.class)).withPrefetch(64),
        ProcessingSettings.defaults().withParallelism(8), envelope -> record(processed, envelope.payload().id()));
    rabbit.stopAtClose(runner::release);
    Lifecycle.Registration registration = runner.registerShutdown(Duration.ofSeconds(4));
    await().atMost(Duration.ofSeconds(10)).until(() -> processed.size() >= 100);

    String report = registration.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(runner.completion().toCompletableFuture()).isCompleted();
    assertThat(report).contains("abandoned=0");
    assertThat(runner.abandonedAtStop()).isZero();
    assertThat(processed).doesNotHaveDuplicates();
    assertThat(processed.size()).isLessThan(n);
    assertThat(runner.control().acknowledged()).isEqualTo(processed.size());
    assertThat(rabbit.messageCount(queue)).isEqualTo(n - processed.size()); // everything else is still queued
    assertThat(rabbit.consumerCount(queue)).isZero();
    assertThat(runner.control().isShutdown().toCompletableFuture()).isCompleted();
  }

  @Test
  void connection_refused_fails_the_runner_start_fast_with_a_clear_error() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> AmqpRunner.start(system,
        AmqpSourceSettings.create("amqp://guest:guest@127.0.0.1:1", "nowhere", PayloadDecoder.string()),
        ProcessingSettings.defaults(), envelope -> CompletableFuture.completedFuture(Done.getInstance())))
        .isInstanceOf(AmqpSetupException.class)
        .hasMessageContaining("cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1")
        .hasMessageContaining("refused")
        .hasMessageNotContaining("guest:guest");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void connection_refused_fails_the_source_stream_and_its_ready_stage() {
    AmqpSourceSettings<String> settings =
        AmqpSourceSettings.create("amqp://guest:guest@127.0.0.1:1", "nowhere", PayloadDecoder.string());
    var running = AmqpSource.create(system, settings).toMat(Sink.ignore(), org.apache.pekko.stream.javadsl.Keep.both())
        .run(system);
    assertThatThrownBy(() -> running.second().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AmqpSetupException.class)
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> running.first().ready().toCompletableFuture().get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AmqpSetupException.class);
  }

  @Test
  void declaration_that_conflicts_with_the_existing_queue_fails_with_the_brokers_reason() {
    String queue = rabbit.queueName("conflict");
    rabbit.declareQueue(queue); // durable
    assertThatThrownBy(() -> AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.string())
            .withDeclarations(AmqpDeclaration.queue(queue).withDurable(false)),
        ProcessingSettings.defaults(), envelope -> CompletableFuture.completedFuture(Done.getInstance())))
        .isInstanceOf(AmqpSetupException.class)
        .hasMessageContaining("PRECONDITION_FAILED")
        .hasMessageContaining(queue);
  }

  @Test
  void missing_queue_without_declarations_fails_with_not_found() {
    String queue = rabbit.queueName("missing");
    assertThatThrownBy(() -> AmqpRunner.start(system,
        AmqpSourceSettings.create(rabbit.uri(), queue, PayloadDecoder.string()).withoutDeclarations(),
        ProcessingSettings.defaults(), envelope -> CompletableFuture.completedFuture(Done.getInstance())))
        .isInstanceOf(AmqpSetupException.class)
        .hasMessageContaining("queue '" + queue + "' is not available")
        .hasMessageContaining("NOT_FOUND");
  }
}
