package io.tributary.streams.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.time.Duration;
import java.time.Instant;
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
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batch handlers without a broker: batches of free keys, batches per partition, failures per message. */
class BatchProcessingTest {

  private static ActorSystem system;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("batch-processing-test");
    timer = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    system.terminate();
  }

  /** Message i: key k(i % keys), partition i % partitions, offset i / partitions (offsets per partition). */
  private static List<Envelope<Integer>> messages(int n, int keys, int partitions, Set<Integer> acked) {
    List<Envelope<Integer>> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      list.add(new Envelope<>("k" + (i % keys), i, List.of(), Instant.now(),
          new SourcePosition("t", i % partitions, i / partitions), () -> acked.add(id), null, null));
    }
    return list;
  }

  private static CompletionStage<Done> later(long millis) {
    CompletableFuture<Done> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(Done.getInstance()), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  private static Pair<ProcessingMetrics, CompletionStage<Done>> run(List<Envelope<Integer>> input,
      ProcessingSettings settings, BatchSettings batch,
      Function<List<Envelope<Integer>>, CompletionStage<?>> handler, DeadLetterSink<Integer> deadLetters) {
    return Source.from(input).toMat(Processing.batchSink(settings, batch, handler, deadLetters), Keep.right())
        .run(system);
  }

  private static void await(CompletionStage<?> stage) throws Exception {
    stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static List<Integer> payloads(List<Envelope<Integer>> batch) {
    return batch.stream().map(Envelope::payload).toList();
  }

  @Test
  void per_key_batches_hold_free_keys_only_and_keep_each_keys_order() throws Exception {
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    Set<String> keysInFlight = ConcurrentHashMap.newKeySet();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    Map<String, List<Integer>> perKey = new ConcurrentHashMap<>();
    var result = run(messages(2000, 50, 4, acked), ProcessingSettings.defaults().withParallelism(32),
        BatchSettings.of(10, Duration.ofMillis(20)), batch -> {
          sizes.add(batch.size());
          Set<String> keys = new HashSet<>();
          for (Envelope<Integer> e : batch) {
            if (!keys.add(e.key()) || !keysInFlight.add(e.key())) {
              overlaps.add(e.key() + " in " + payloads(batch));
            }
            perKey.computeIfAbsent(e.key(), k -> new CopyOnWriteArrayList<>()).add(e.payload());
          }
          return later(ThreadLocalRandom.current().nextInt(1, 4)).whenComplete((d, x) -> keys.forEach(
              keysInFlight::remove));
        }, deadLetter -> CompletableFuture.failedFuture(new AssertionError("unexpected " + deadLetter)));
    await(result.second());
    assertThat(acked).hasSize(2000);
    assertThat(overlaps).as("a key in two concurrent batches, or twice in one").isEmpty();
    assertThat(sizes).allMatch(s -> s >= 1 && s <= 10);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
    assertThat(sizes.stream().filter(s -> s > 1).count()).as("batches of several messages").isPositive();
    perKey.forEach((key, ids) -> assertThat(ids).as("order of %s", key).isSorted());
    assertThat(result.first().succeeded()).isEqualTo(2000);
  }

  @Test
  void a_partial_failure_retries_only_the_named_messages_and_dead_letters_them_one_by_one() throws Exception {
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
    List<Integer> deadLettered = new CopyOnWriteArrayList<>();
    DeadLetterSink<Integer> dlq = new DeadLetterSink<>() {
      @Override
      public CompletionStage<Done> write(DeadLetter deadLetter) {
        return CompletableFuture.failedFuture(new AssertionError("unexpected " + deadLetter));
      }

      @Override
      public CompletionStage<Done> deadLetter(Envelope<Integer> envelope, ProcessingFailure failure) {
        assertThat(failure.message()).contains("poison");
        deadLettered.add(envelope.payload());
        return CompletableFuture.completedFuture(Done.getInstance());
      }
    };
    RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 1.0);
    var result = run(messages(300, 30, 2, acked), ProcessingSettings.defaults().withParallelism(16).withRetry(retry),
        BatchSettings.of(8, Duration.ofMillis(5)), batch -> {
          Set<Integer> failed = new HashSet<>();
          for (int i = 0; i < batch.size(); i++) {
            int id = batch.get(i).payload();
            int attempt = attempts.merge(id, 1, Integer::sum);
            if (id % 50 == 7 || (id % 10 == 3 && attempt == 1)) { // poison: always; id % 10 == 3: once
              failed.add(i);
            }
          }
          return failed.isEmpty() ? later(1)
              : CompletableFuture.failedFuture(new BatchFailedException(failed, new IllegalStateException("poison")));
        }, dlq);
    await(result.second());
    assertThat(acked).hasSize(300);
    assertThat(deadLettered).containsExactlyInAnyOrder(7, 57, 107, 157, 207, 257);
    attempts.forEach((id, n) -> assertThat(n).as("attempts of %d", id)
        .isEqualTo(id % 50 == 7 ? 3 : id % 10 == 3 ? 2 : 1));
    assertThat(result.first().deadLettered()).isEqualTo(6);
  }

  @Test
  void ordered_batches_are_consecutive_messages_of_one_partition_in_offset_order() throws Exception {
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    Map<Integer, List<Long>> perPartition = new ConcurrentHashMap<>();
    Set<Integer> partitionsInFlight = ConcurrentHashMap.newKeySet();
    List<String> problems = new CopyOnWriteArrayList<>();
    List<Integer> deadLettered = new CopyOnWriteArrayList<>();
    DeadLetterSink<Integer> dlq = new DeadLetterSink<>() {
      @Override
      public CompletionStage<Done> write(DeadLetter deadLetter) {
        return CompletableFuture.failedFuture(new AssertionError("unexpected " + deadLetter));
      }

      @Override
      public CompletionStage<Done> deadLetter(Envelope<Integer> envelope, ProcessingFailure failure) {
        deadLettered.add(envelope.payload());
        return CompletableFuture.completedFuture(Done.getInstance());
      }
    };
    var result = run(messages(1000, 100, 4, acked), ProcessingSettings.defaults().withMode(OrderingMode.ORDERED)
        .withParallelism(8).withRetry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), 1.0)),
        BatchSettings.of(25, Duration.ofMillis(10)), batch -> {
          int partition = batch.get(0).position().partition();
          if (!partitionsInFlight.add(partition)) {
            problems.add("partition " + partition + " in two batches at once");
          }
          List<Long> offsets = perPartition.computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>());
          for (Envelope<Integer> e : batch) {
            if (e.position().partition() != partition) {
              problems.add("mixed partitions in " + payloads(batch));
            }
            offsets.add(e.position().offset());
          }
          boolean poison = batch.stream().anyMatch(e -> e.payload() == 500);
          CompletionStage<Done> done = poison
              ? CompletableFuture.failedFuture(new IllegalStateException("poison"))
              : later(1);
          return done.whenComplete((d, x) -> partitionsInFlight.remove(partition));
        }, dlq);
    await(result.second());
    assertThat(problems).isEmpty();
    assertThat(acked).hasSize(1000);
    // the failed batch was retried whole (its offsets seen twice, in order), then dead-lettered message by message
    assertThat(deadLettered).contains(500).allMatch(id -> id % 4 == 0);
    perPartition.forEach((p, offsets) -> {
      List<Long> distinct = offsets.stream().distinct().toList();
      assertThat(distinct).as("partition %d", p).isSorted().hasSize(250);
    });
  }
}
