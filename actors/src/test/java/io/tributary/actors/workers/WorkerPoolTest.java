package io.tributary.actors.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Polls every millisecond for up to 5 s: the conditions here turn true within milliseconds. */
  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<StatusReply<Integer>> replyProbe() {
    return (TestProbe) testKit.createTestProbe(StatusReply.class);
  }

  private static WorkerPool.Stats stats(ActorRef<WorkerPool.Command<Integer, Integer>> pool) {
    TestProbe<WorkerPool.Stats> probe = testKit.createTestProbe(WorkerPool.Stats.class);
    pool.tell(new WorkerPool.GetStats<>(probe.getRef()));
    return probe.receiveMessage();
  }

  /** Work whose message i completes when the test completes {@code gates.get(i)}; it counts. */
  private static final class GatedWork implements WorkerPool.Work<Integer, Integer> {
    final List<CompletableFuture<Integer>> gates;
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final List<String> workerNames = new CopyOnWriteArrayList<>();

    GatedWork(int messages) {
      gates = IntStream.range(0, messages).mapToObj(i -> new CompletableFuture<Integer>()).toList();
    }

    @Override
    public CompletionStage<Integer> run(Integer i, ActorContext<?> worker) {
      started.incrementAndGet();
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      workerNames.add(worker.getSelf().path().name());
      return gates.get(i).whenComplete((value, error) -> active.decrementAndGet());
    }
  }

  private static List<Integer> timesTen(int n) {
    return IntStream.range(0, n).map(i -> i * 10).boxed().toList();
  }

  @Test
  void at_most_max_concurrent_workers_are_alive_and_the_rest_wait_their_turn() {
    GatedWork work = new GatedWork(50);
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(4, 100, work));
    TestProbe<StatusReply<Integer>> replies = replyProbe();
    for (int i = 0; i < 50; i++) {
      pool.tell(new WorkerPool.Process<>(i, replies.getRef()));
    }

    eventually().until(() -> work.started.get() == 4);
    WorkerPool.Stats full = stats(pool);
    assertThat(full.children()).isEqualTo(4);
    assertThat(full.running()).isEqualTo(4);
    assertThat(full.waiting()).isEqualTo(46);

    // Messages start in arrival order: releasing message i lets message i + 4 start.
    for (int i = 0; i < 50; i++) {
      work.gates.get(i).complete(i * 10);
      int expectedStarted = Math.min(50, i + 5);
      eventually().until(() -> work.started.get() == expectedStarted);
      WorkerPool.Stats now = stats(pool);
      assertThat(now.children()).isLessThanOrEqualTo(4);
      assertThat(now.running()).isLessThanOrEqualTo(4);
    }

    Set<Integer> results = new HashSet<>();
    for (StatusReply<Integer> reply : replies.receiveSeveralMessages(50)) {
      assertThat(reply.isSuccess()).isTrue();
      results.add(reply.getValue());
    }
    assertThat(results).containsExactlyInAnyOrderElementsOf(timesTen(50));
    assertThat(work.maxActive.get()).isEqualTo(4);
    assertThat(work.workerNames).hasSize(50).doesNotHaveDuplicates()
        .allMatch(name -> name.startsWith("worker-"));
    eventually().until(() -> stats(pool).children() == 0);
    assertThat(stats(pool).completed()).isEqualTo(50);
  }

  @Test
  void a_failing_worker_is_answered_with_its_error_exactly_once_and_frees_its_slot() {
    WorkerPool.Work<Integer, Integer> work = (i, worker) -> {
      if (i == 1) {
        throw new IllegalStateException("work for 1 threw");
      }
      if (i == 2) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("work for 2 failed"));
      }
      return CompletableFuture.completedFuture(i);
    };
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(1, 10, work));
    TestProbe<StatusReply<Integer>> thrown = replyProbe();
    TestProbe<StatusReply<Integer>> failed = replyProbe();
    TestProbe<StatusReply<Integer>> fine = replyProbe();

    pool.tell(new WorkerPool.Process<>(1, thrown.getRef()));
    pool.tell(new WorkerPool.Process<>(2, failed.getRef()));
    pool.tell(new WorkerPool.Process<>(3, fine.getRef()));

    StatusReply<Integer> first = thrown.receiveMessage();
    assertThat(first.isError()).isTrue();
    assertThat(first.getError()).isInstanceOf(IllegalStateException.class).hasMessage("work for 1 threw");
    StatusReply<Integer> second = failed.receiveMessage();
    assertThat(second.getError()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("work for 2 failed");
    // With one slot, message 3 runs only because both failed workers freed theirs.
    assertThat(fine.receiveMessage().getValue()).isEqualTo(3);
    thrown.expectNoMessage(Duration.ofMillis(100));
    failed.expectNoMessage(Duration.ofMillis(1));

    eventually().until(() -> stats(pool).children() == 0);
    WorkerPool.Stats stats = stats(pool);
    assertThat(stats.failed()).isEqualTo(2);
    assertThat(stats.completed()).isEqualTo(1);
  }

  @Test
  void a_message_past_the_queue_capacity_is_refused_with_an_error() {
    GatedWork work = new GatedWork(4);
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(1, 2, work));
    List<TestProbe<StatusReply<Integer>>> probes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestProbe<StatusReply<Integer>> probe = replyProbe();
      probes.add(probe);
      pool.tell(new WorkerPool.Process<>(i, probe.getRef()));
    }

    StatusReply<Integer> refused = probes.get(3).receiveMessage();
    assertThat(refused.isError()).isTrue();
    assertThat(refused.getError()).hasMessageContaining("is full (1 running, 2 waiting)");

    for (int i = 0; i < 3; i++) {
      work.gates.get(i).complete(i);
      assertThat(probes.get(i).receiveMessage().getValue()).isEqualTo(i);
    }
    assertThat(stats(pool).refused()).isEqualTo(1);
  }

  @Test
  void stop_lets_running_and_queued_messages_finish_refuses_new_ones_then_stops_the_pool() {
    GatedWork work = new GatedWork(3);
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(2, 10, work));
    TestProbe<StatusReply<Integer>> replies = replyProbe();
    for (int i = 0; i < 3; i++) {
      pool.tell(new WorkerPool.Process<>(i, replies.getRef()));
    }
    eventually().until(() -> work.started.get() == 2);

    TestProbe<WorkerPool.Stats> stopped = testKit.createTestProbe(WorkerPool.Stats.class);
    pool.tell(new WorkerPool.Stop<>(Duration.ofSeconds(10), stopped.getRef()));
    TestProbe<StatusReply<Integer>> late = replyProbe();
    pool.tell(new WorkerPool.Process<>(99, late.getRef()));
    assertThat(late.receiveMessage().getError()).hasMessageContaining("is stopping: message refused");
    assertThat(stats(pool)).satisfies(s -> {
      assertThat(s.stopping()).isTrue();
      assertThat(s.running()).isEqualTo(2);
      assertThat(s.waiting()).isEqualTo(1);
    });

    work.gates.forEach(gate -> gate.complete(7));
    List<StatusReply<Integer>> answers = replies.receiveSeveralMessages(3);
    assertThat(answers).allMatch(StatusReply::isSuccess);
    WorkerPool.Stats last = stopped.receiveMessage();
    assertThat(last.completed()).isEqualTo(3);
    assertThat(last.refused()).isEqualTo(1);
    assertThat(last.abandoned()).isZero();
    stopped.expectTerminated(pool);
  }

  @Test
  void stop_answers_unfinished_messages_with_an_error_when_its_timeout_runs_out() {
    WorkerPool.Work<Integer, Integer> never = (i, worker) -> new CompletableFuture<>();
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(1, 10, never));
    TestProbe<StatusReply<Integer>> replies = replyProbe();
    pool.tell(new WorkerPool.Process<>(1, replies.getRef()));
    pool.tell(new WorkerPool.Process<>(2, replies.getRef()));
    TestProbe<WorkerPool.Stats> stopped = testKit.createTestProbe(WorkerPool.Stats.class);

    pool.tell(new WorkerPool.Stop<>(Duration.ofMillis(100), stopped.getRef()));

    for (StatusReply<Integer> reply : replies.receiveSeveralMessages(2)) {
      assertThat(reply.getError()).hasMessageContaining("stopped after its stop timeout");
    }
    assertThat(stopped.receiveMessage().abandoned()).isEqualTo(2);
    stopped.expectTerminated(pool);
  }

  @Test
  void a_pool_stopped_from_outside_answers_the_messages_it_still_holds() {
    WorkerPool.Work<Integer, Integer> never = (i, worker) -> new CompletableFuture<>();
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(1, 10, never));
    TestProbe<StatusReply<Integer>> replies = replyProbe();
    pool.tell(new WorkerPool.Process<>(1, replies.getRef()));
    pool.tell(new WorkerPool.Process<>(2, replies.getRef()));
    assertThat(stats(pool).waiting()).isEqualTo(1);

    testKit.stop(pool);

    for (StatusReply<Integer> reply : replies.receiveSeveralMessages(2)) {
      assertThat(reply.getError()).hasMessageContaining("stopped before the message finished");
    }
  }

  @Test
  void the_lifecycle_stop_waits_for_running_work_then_stops_the_pool() throws Exception {
    GatedWork work = new GatedWork(1);
    ActorRef<WorkerPool.Command<Integer, Integer>> pool =
        testKit.spawn(WorkerPool.create(2, 10, work), "billing");
    TestProbe<StatusReply<Integer>> replies = replyProbe();
    pool.tell(new WorkerPool.Process<>(0, replies.getRef()));
    eventually().until(() -> work.started.get() == 1);
    Lifecycle.Registration registration = Lifecycle.register(testKit.system(),
        WorkerPool.gracefulStop(pool, Duration.ofSeconds(5), testKit.system()), Duration.ofSeconds(5));
    assertThat(registration.component().name()).isEqualTo("worker-pool[billing]");

    CompletableFuture<String> report = registration.stop().toCompletableFuture();
    eventually().until(() -> registration.component().inFlight() == 1);
    assertThat(report).isNotDone();
    work.gates.get(0).complete(1);

    assertThat(replies.receiveMessage().getValue()).isEqualTo(1);
    assertThat(report.get(5, TimeUnit.SECONDS)).isEqualTo("completed=1 failed=0 refused=0 abandoned=0");
    replies.expectTerminated(pool);
  }

  @Test
  void the_processing_runner_processes_and_acknowledges_every_message_through_the_pool() throws Exception {
    int n = 200;
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    List<Envelope<Integer>> input = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long offset = i;
      input.add(new Envelope<>("k" + (i % 10), i, List.of(), Instant.now(),
          new SourcePosition("orders", i % 2, offset), () -> acked.add(offset), null, null));
    }
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    AtomicInteger attemptsOf7 = new AtomicInteger();
    WorkerPool.Work<Integer, Integer> work = (i, worker) -> {
      if (i == 7 && attemptsOf7.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt of 7 fails");
      }
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      Executor oneMillisLater = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> i * 10, oneMillisLater)
          .whenComplete((value, error) -> active.decrementAndGet());
    };
    ActorRef<WorkerPool.Command<Integer, Integer>> pool = testKit.spawn(WorkerPool.create(4, 16, work));
    DeadLetterSink<Integer> noDeadLetters = deadLetter -> CompletableFuture.failedFuture(
        new AssertionError("unexpected " + deadLetter));
    ProcessingSettings settings = ProcessingSettings.defaults().withParallelism(16)
        .withRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), 1.0));
    List<Integer> results = new CopyOnWriteArrayList<>();

    Pair<ProcessingMetrics, CompletionStage<Done>> run = Source.from(input)
        .viaMat(Processing.flow(settings, WorkerPool.handler(pool, Duration.ofSeconds(10), testKit.system()),
            noDeadLetters), Keep.right())
        .toMat(Sink.foreach(envelope -> {
          results.add(envelope.payload());
          envelope.acknowledge();
        }), Keep.both())
        .run(testKit.system());
    run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(acked).hasSize(n);
    assertThat(results).containsExactlyInAnyOrderElementsOf(timesTen(n));
    assertThat(run.first().succeeded()).isEqualTo(n);
    assertThat(run.first().retried()).isEqualTo(1);
    assertThat(maxActive.get()).isLessThanOrEqualTo(4);
    assertThat(stats(pool).refused()).isZero();
  }
}
