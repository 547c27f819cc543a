package io.tributary.actors.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.scope.TaskScope.FailurePolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskScopeTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  private ScheduledThreadPoolExecutor timer;

  @BeforeEach
  void startTimer() {
    timer = new ScheduledThreadPoolExecutor(1);
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Polls every millisecond for up to 5 s: the conditions here turn true within milliseconds. */
  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
  }

  /** Waits for a stage that must complete, and returns its value. */
  private static <T> T valueOf(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Waits for a stage that must fail, and returns its failure without the CompletionException. */
  private static Throwable failureOf(CompletionStage<?> stage) throws Exception {
    Throwable error = stage.handle((value, e) -> e).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(error).as("the stage should have failed").isNotNull();
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  /**
   * A task that does a step every 10 ms on the single-threaded timer, by rescheduling itself, until
   * it notices its cancellation; then it completes its stage with the cancellation.
   */
  private CompletionStage<Integer> ticking(Cancellation cancellation, AtomicInteger ticks,
      AtomicLong lastTickNanos) {
    CompletableFuture<Integer> stopped = new CompletableFuture<>();
    Runnable tick = new Runnable() {
      @Override
      public void run() {
        if (cancellation.isCancelled()) {
          stopped.completeExceptionally(cancellation.reason().orElseThrow());
          return;
        }
        ticks.incrementAndGet();
        lastTickNanos.set(System.nanoTime());
        timer.schedule(this, 10, TimeUnit.MILLISECONDS);
      }
    };
    timer.schedule(tick, 10, TimeUnit.MILLISECONDS);
    return stopped;
  }

  @Test
  void closing_the_scope_waits_for_running_tasks() throws Exception {
    TaskScope scope = TaskScope.open(FailurePolicy.ISOLATE);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    CompletionStage<String> a = scope.start(() -> first);
    CompletionStage<String> b = scope.start(() -> second);

    CompletableFuture<Done> closed = scope.closeAsync(Duration.ofSeconds(30)).toCompletableFuture();
    assertThat(scope.running()).isEqualTo(2);
    first.complete("a");
    assertThat(valueOf(a)).isEqualTo("a");
    assertThat(closed).isNotDone();
    second.complete("b");

    assertThat(valueOf(closed)).isEqualTo(Done.getInstance());
    assertThat(valueOf(b)).isEqualTo("b");
    assertThat(scope.running()).isZero();
  }

  @Test
  void close_blocks_until_the_tasks_in_a_try_with_resources_block_finished() {
    AtomicBoolean finished = new AtomicBoolean();
    try (TaskScope scope = TaskScope.open(FailurePolicy.CANCEL_SIBLINGS)) {
      scope.start(() -> CompletableFuture.runAsync(() -> finished.set(true),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)));
    }
    assertThat(finished).isTrue();
  }

  @Test
  void a_task_still_running_at_the_deadline_is_cancelled_and_no_task_code_runs_after_the_close()
      throws Exception {
    TaskScope scope = TaskScope.open(FailurePolicy.ISOLATE, testKit.system());
    AtomicInteger ticks = new AtomicInteger();
    AtomicLong lastTickNanos = new AtomicLong();
    AtomicBoolean told = new AtomicBoolean();
    CompletionStage<Integer> result = scope.start(cancellation -> {
      cancellation.onCancel(() -> told.set(true));
      return ticking(cancellation, ticks, lastTickNanos);
    });
    eventually().until(() -> ticks.get() >= 3);

    AtomicLong closedNanos = new AtomicLong();
    valueOf(scope.closeAsync(Duration.ofMillis(50)).thenRun(() -> closedNanos.set(System.nanoTime())));
    int ticksAtClose = ticks.get();

    assertThat(told).isTrue();
    assertThat(failureOf(result)).isInstanceOf(TaskCancelledException.class)
        .isInstanceOf(CancellationException.class).hasMessageContaining("deadline");
    assertThat(scope.running()).isZero();
    assertThat(lastTickNanos.get()).isLessThan(closedNanos.get());
    // Ticks are scheduled 10 ms apart on this single thread: a marker scheduled 50 ms out runs
    // after any tick that could still have been pending, so an unchanged count proves none ran.
    timer.schedule(() -> { }, 50, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    assertThat(ticks.get()).isEqualTo(ticksAtClose);
    assertThat(timer.getQueue()).as("nothing rescheduled after the close").isEmpty();
  }

  @Test
  void the_first_failure_cancels_the_siblings_and_fails_the_close() throws Exception {
    TaskScope scope = TaskScope.open(FailurePolicy.CANCEL_SIBLINGS);
    AtomicInteger ticks = new AtomicInteger();
    CompletionStage<Integer> ticker = scope.start(c -> ticking(c, ticks, new AtomicLong()));
    CompletableFuture<String> failing = new CompletableFuture<>();
    CompletionStage<String> failed = scope.start(() -> failing);
    CompletableFuture<String> stoppedByCallback = new CompletableFuture<>();
    CompletionStage<String> waiter = scope.start(cancellation -> {
      cancellation.onCancel(() ->
          stoppedByCallback.completeExceptionally(cancellation.reason().orElseThrow()));
      return stoppedByCallback;
    });
    eventually().until(() -> ticks.get() >= 1);

    IllegalStateException boom = new IllegalStateException("boom");
    failing.completeExceptionally(boom);

    assertThat(failureOf(failed)).isSameAs(boom);
    for (CompletionStage<?> sibling : List.of(ticker, waiter)) {
      assertThat(failureOf(sibling)).isInstanceOf(TaskCancelledException.class).hasCause(boom);
    }
    assertThat(scope.failure()).containsSame(boom);
    AtomicBoolean ran = new AtomicBoolean();
    CompletionStage<String> late = scope.start(() -> {
      ran.set(true);
      return CompletableFuture.completedFuture("late");
    });
    assertThat(failureOf(late)).isInstanceOf(TaskCancelledException.class).hasCause(boom);
    assertThat(ran).as("a task started after the failure is not run").isFalse();

    assertThat(failureOf(scope.closeAsync(Duration.ofSeconds(5)))).isSameAs(boom);
    assertThat(scope.running()).isZero();
  }

  @Test
  void isolated_failures_are_collected_while_the_siblings_keep_running() throws Exception {
    TaskScope scope = TaskScope.open(FailurePolicy.ISOLATE);
    AtomicBoolean siblingCancelled = new AtomicBoolean();
    CompletableFuture<String> sibling = new CompletableFuture<>();
    CompletionStage<String> siblingResult = scope.start(cancellation -> {
      cancellation.onCancel(() -> siblingCancelled.set(true));
      return sibling;
    });
    IllegalArgumentException thrown = new IllegalArgumentException("thrown");
    IllegalStateException failedStage = new IllegalStateException("failed stage");
    CompletionStage<String> first = scope.start(() -> {
      throw thrown;
    });
    CompletionStage<String> second = scope.start(() -> CompletableFuture.failedFuture(failedStage));

    assertThat(failureOf(first)).isSameAs(thrown);
    assertThat(failureOf(second)).isSameAs(failedStage);
    assertThat(scope.failures()).containsExactly(thrown, failedStage);
    assertThat(scope.failure()).containsSame(thrown);
    assertThat(siblingCancelled).isFalse();
    assertThat(scope.running()).isEqualTo(1);

    CompletionStage<Done> closed = scope.closeAsync(Duration.ofSeconds(5));
    sibling.complete("still fine");
    assertThat(valueOf(siblingResult)).isEqualTo("still fine");
    assertThat(valueOf(closed)).isEqualTo(Done.getInstance());
    assertThat(siblingCancelled).isFalse();
  }

  @Test
  void starting_a_task_after_the_close_began_is_refused() {
    TaskScope scope = TaskScope.open(FailurePolicy.ISOLATE);
    scope.start(() -> new CompletableFuture<String>());
    scope.closeAsync(Duration.ofSeconds(30));

    assertThatThrownBy(() -> scope.start(() -> CompletableFuture.completedFuture(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closing: no task may start");
  }

  @Test
  void a_task_ignoring_its_cancellation_makes_the_close_fail_and_stays_counted() throws Exception {
    TaskScope scope = TaskScope.open(FailurePolicy.ISOLATE);
    CompletableFuture<String> stubborn = new CompletableFuture<>();
    CompletionStage<String> result = scope.start(() -> stubborn);

    Throwable failure = failureOf(scope.closeAsync(Duration.ZERO, Duration.ofMillis(50)));

    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 task(s)").hasMessageContaining("task-1")
        .hasMessageContaining("may still be running");
    assertThat(failureOf(result)).isInstanceOf(TaskCancelledException.class);
    assertThat(scope.running()).isEqualTo(1);
    stubborn.complete("at last");
    assertThat(scope.running()).isZero();
  }

  @Test
  void a_child_scope_is_closed_and_its_tasks_cancelled_with_its_parent() throws Exception {
    TaskScope parent = TaskScope.open(FailurePolicy.ISOLATE);
    TaskScope child = parent.openChild(FailurePolicy.CANCEL_SIBLINGS);
    AtomicInteger ticks = new AtomicInteger();
    CompletionStage<Integer> inChild = child.start(c -> ticking(c, ticks, new AtomicLong()));
    assertThat(parent.running()).as("the open child counts as a task of its parent").isEqualTo(1);
    eventually().until(() -> ticks.get() >= 1);

    assertThat(valueOf(parent.closeAsync(Duration.ofMillis(20)))).isEqualTo(Done.getInstance());

    assertThat(failureOf(inChild)).isInstanceOf(TaskCancelledException.class);
    assertThat(child.running()).isZero();
    assertThat(parent.running()).isZero();
    assertThatThrownBy(() -> child.start(() -> CompletableFuture.completedFuture(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_child_scope_closed_early_leaves_its_parent() throws Exception {
    TaskScope parent = TaskScope.open(FailurePolicy.ISOLATE);
    TaskScope child = parent.openChild(FailurePolicy.ISOLATE);
    assertThat(valueOf(child.start(() -> CompletableFuture.completedFuture(7)))).isEqualTo(7);

    valueOf(child.closeAsync(Duration.ofSeconds(1)));

    eventually().until(() -> parent.running() == 0);
    assertThat(valueOf(parent.closeAsync(Duration.ofSeconds(1)))).isEqualTo(Done.getInstance());
  }
}
