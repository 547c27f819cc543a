package io.tributary.streams.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The processing runner without a broker: envelopes from memory, acks recorded. */
class ProcessingTest {

  private static final DeadLetterSink<Integer> UNEXPECTED_DLQ = deadLetter ->
      CompletableFuture.failedFuture(new AssertionError("unexpected " + deadLetter));

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("processing-test");
    timer = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    system.terminate();
  }

  /** Message i: key k(i % keys), partition i % partitions, offset i. */
  private static List<Envelope<Integer>> messages(int n, int keys, int partitions, Set<Long> acked) {
    List<Envelope<Integer>> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long offset = i;
      list.add(new Envelope<>("k" + (i % keys), i, List.of(), Instant.now(),
          new SourcePosition("t", i % partitions, offset), () -> acked.add(offset), null, null));
    }
    return list;
  }

  private static <V> CompletionStage<V> later(V value, long millis) {
    CompletableFuture<V> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(value), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  private static Pair<ProcessingMetrics, CompletionStage<Done>> run(List<Envelope<Integer>> input,
      ProcessingSettings settings, java.util.function.Function<Integer, CompletionStage<Integer>> handler,
      DeadLetterSink<Integer> deadLetters) {
    return Source.from(input)
        .toMat(Processing.sinkWithCompletion(settings, handler, deadLetters), Keep.right())
        .run(system);
  }

  private static void await(CompletionStage<?> stage) throws Exception {
    stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void per_key_order_holds_under_parallelism_64_with_random_delays() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    Map<String, List<Integer>> seenPerKey = new ConcurrentHashMap<>();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    List<Envelope<Integer>> input = messages(5000, 200, 4, acked);
    var result = run(input, ProcessingSettings.defaults().withParallelism(64), i -> {
      int now = concurrent.incrementAndGet();
      maxConcurrent.accumulateAndGet(now, Math::max);
      seenPerKey.computeIfAbsent("k" + (i % 200), k -> new CopyOnWriteArrayList<>()).add(i);
      return later(i, ThreadLocalRandom.current().nextInt(0, 3)).whenComplete((v, e) -> concurrent.decrementAndGet());
    }, UNEXPECTED_DLQ);
    await(result.second());
    assertThat(acked).hasSize(5000);
    seenPerKey.forEach((key, values) -> assertThat(values).isSorted());
    assertThat(maxConcurrent.get()).isLessThanOrEqualTo(64).isGreaterThan(4); // beyond the partition count
    assertThat(result.first().succeeded()).isEqualTo(5000);
  }

  @Test
  void handlers_may_return_minimal_completion_stages_done_or_not() throws Exception {
    // A minimal stage is a CompletableFuture subclass whose isDone() throws: it must go the slow path.
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    var result = run(messages(200, 10, 2, acked), ProcessingSettings.defaults().withParallelism(8),
        i -> (i % 2 == 0 ? CompletableFuture.completedFuture(i) : later(i, 1).toCompletableFuture())
            .minimalCompletionStage(), UNEXPECTED_DLQ);
    await(result.second());
    assertThat(acked).hasSize(200);
    assertThat(result.first().succeeded()).isEqualTo(200);
  }

  @Test
  void per_key_order_holds_when_handlers_mix_immediate_and_later_completions_and_failures() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    Map<String, List<Integer>> callsPerKey = new ConcurrentHashMap<>();
    Set<Integer> failedOnce = ConcurrentHashMap.newKeySet();
    RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 1.0);
    // An immediate success never holds its key's lane; a later one or a failure does: the next
    // message of that key must wait either way.
    var result = run(messages(3000, 50, 4, acked), ProcessingSettings.defaults().withParallelism(16)
        .withRetry(retry), i -> {
          callsPerKey.computeIfAbsent("k" + (i % 50), k -> new CopyOnWriteArrayList<>()).add(i);
          if (i % 7 == 0 && failedOnce.add(i)) {
            throw new IllegalStateException("transient");
          }
          return i % 3 == 0 ? CompletableFuture.completedFuture(i) : later(i, ThreadLocalRandom.current().nextInt(0, 2));
        }, UNEXPECTED_DLQ);
    await(result.second());
    assertThat(acked).hasSize(3000);
    callsPerKey.forEach((key, calls) -> assertThat(calls).as("calls of %s", key).isSorted());
    assertThat(result.first().retried()).isEqualTo(429); // 0, 7, ..., 2996
  }

  @Test
  void ordered_mode_runs_one_message_at_a_time_per_partition() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    Map<Integer, AtomicInteger> runningPerPartition = new ConcurrentHashMap<>();
    AtomicInteger violations = new AtomicInteger();
    var result = run(messages(400, 100, 4, acked),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED).withParallelism(64), i -> {
          AtomicInteger running = runningPerPartition.computeIfAbsent(i % 4, p -> new AtomicInteger());
          if (running.incrementAndGet() > 1) {
            violations.incrementAndGet();
          }
          return later(i, 1).whenComplete((v, e) -> running.decrementAndGet());
        }, UNEXPECTED_DLQ);
    await(result.second());
    assertThat(violations.get()).isZero();
    assertThat(acked).hasSize(400);
  }

  @Test
  void a_retrying_message_parks_its_key_so_later_messages_of_that_key_wait() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    List<Integer> calls = new CopyOnWriteArrayList<>();
    AtomicInteger failuresOf0 = new AtomicInteger();
    RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(50), 1.0);
    // keys: k0 for 0, 2, 4; k1 for 1, 3, 5. Message 0 fails twice, then succeeds.
    var result = run(messages(6, 2, 1, acked),
        ProcessingSettings.defaults().withParallelism(8).withRetry(retry), i -> {
          calls.add(i);
          if (i == 0 && failuresOf0.incrementAndGet() <= 2) {
            return CompletableFuture.failedFuture(new IllegalStateException("transient"));
          }
          return CompletableFuture.completedFuture(i);
        }, UNEXPECTED_DLQ);
    await(result.second());
    List<Integer> k0 = calls.stream().filter(i -> i % 2 == 0).toList();
    assertThat(k0).containsExactly(0, 0, 0, 2, 4);
    assertThat(calls).contains(1, 3, 5); // the other key was not held back
    assertThat(acked).hasSize(6);
    assertThat(result.first().retried()).isEqualTo(2);
  }

  @Test
  void a_message_failing_every_attempt_is_dead_lettered_with_the_failure_then_acknowledged() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0);
    var result = run(messages(10, 3, 2, acked),
        ProcessingSettings.defaults().withRetry(retry), i -> {
          if (i == 4) {
            throw new IllegalArgumentException("cannot handle " + i);
          }
          return CompletableFuture.completedFuture(i);
        }, deadLetter -> {
          dead.add(deadLetter);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    await(result.second());
    assertThat(dead).singleElement().satisfies(d -> {
      assertThat(new String(d.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("4");
      assertThat(d.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
      assertThat(d.errorMessage()).isEqualTo("cannot handle 4");
      assertThat(d.attempts()).isEqualTo(2);
      assertThat(d.firstFailure()).isNotNull();
      assertThat(d.stage()).isEqualTo(DeadLetterStage.HANDLER);
    });
    assertThat(acked).hasSize(10);
    assertThat(result.first().deadLettered()).isEqualTo(1);
  }

  @Test
  void skip_acknowledges_and_goes_on() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    var result = run(messages(10, 3, 2, acked), ProcessingSettings.defaults()
        .withRetry(RetryPolicy.noRetry()).withFailurePolicy(FailurePolicy.SKIP), i ->
        i == 3 ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
            : CompletableFuture.completedFuture(i), null);
    await(result.second());
    assertThat(acked).hasSize(10);
    assertThat(result.first().skipped()).isEqualTo(1);
  }

  @Test
  void stop_fails_the_stream_and_leaves_the_message_unacknowledged() {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    var result = run(messages(10, 10, 1, acked), ProcessingSettings.defaults()
        .withRetry(RetryPolicy.noRetry()).withFailurePolicy(FailurePolicy.STOP).withParallelism(1), i ->
        i == 3 ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
            : CompletableFuture.completedFuture(i), null);
    try {
      await(result.second());
      throw new AssertionError("the stream should fail");
    } catch (Exception e) {
      assertThat(e).isInstanceOf(ExecutionException.class);
      assertThat(e.getCause()).isInstanceOf(ProcessingStoppedException.class)
          .hasMessageContaining("t/0@3");
    }
    assertThat(acked).doesNotContain(3L);
  }

  @Test
  void a_failed_dead_letter_write_fails_the_stream_without_acknowledging() {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    var result = run(messages(5, 5, 1, acked), ProcessingSettings.defaults()
        .withRetry(RetryPolicy.noRetry()), i ->
        i == 2 ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
            : CompletableFuture.completedFuture(i),
        deadLetter -> CompletableFuture.failedFuture(new IllegalStateException("dlq unreachable")));
    try {
      await(result.second());
      throw new AssertionError("the stream should fail");
    } catch (Exception e) {
      assertThat(e.getCause()).isInstanceOf(ProcessingStoppedException.class)
          .hasMessageContaining("dead-letter write failed");
    }
    assertThat(acked).doesNotContain(2L);
  }

  @Test
  void the_runner_holds_at_most_its_buffer_while_handlers_hang() throws Exception {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger pulled = new AtomicInteger();
    CompletableFuture<Integer> never = new CompletableFuture<>();
    ProcessingSettings settings = ProcessingSettings.defaults().withParallelism(8).withBufferSize(32);
    Source.from(messages(10_000, 1000, 4, acked))
        .map(e -> {
          pulled.incrementAndGet();
          return e;
        })
        .async()
        .runWith(Processing.sink(settings, i -> never, UNEXPECTED_DLQ), system);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pulled.get() >= 32);
    // The async boundary buffers up to 16 more; nothing beyond: the runner backpressures.
    assertThat(pulled.get()).isLessThanOrEqualTo(32 + 16 + 1);
    assertThat(acked).isEmpty();
  }
}
