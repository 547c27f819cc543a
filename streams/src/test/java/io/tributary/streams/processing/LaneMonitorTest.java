package io.tributary.streams.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.telemetry.ComponentHealth;
import io.tributary.streams.telemetry.HealthStatus;
import io.tributary.streams.telemetry.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Slow versus stuck lanes, with the real processing stage and small limits: stuck after 600 ms, slow
 * handler 250 ms, not ready after another 600 ms, checked every 50 ms.
 */
class LaneMonitorTest {

  private static final Duration STUCK_AFTER = Duration.ofMillis(600);
  private static final Duration NOT_READY_AFTER = Duration.ofMillis(600);

  private ActorSystem system;
  private ScheduledExecutorService timer;
  private ListAppender<ILoggingEvent> logs;
  private Logger monitorLog;

  @BeforeEach
  void start() {
    system = ActorSystem.create("lane-monitor-test", ConfigFactory.parseString("""
        tributary.health {
          stuck-after = 600ms
          slow-handler = 250ms
          not-ready-after = 600ms
          check-interval = 50ms
        }
        """).withFallback(ConfigFactory.load()));
    timer = Executors.newScheduledThreadPool(2);
    monitorLog = (Logger) LoggerFactory.getLogger(LaneMonitor.class);
    logs = new ListAppender<>();
    logs.start();
    monitorLog.addAppender(logs);
  }

  @AfterEach
  void stop() {
    monitorLog.detachAppender(logs);
    timer.shutdownNow();
    system.terminate();
  }

  private static Envelope<Integer> message(String key, long offset) {
    return new Envelope<>(key, (int) offset, List.of(), Instant.EPOCH, new SourcePosition("orders", 3, offset),
        Acknowledgement.NONE, null, null);
  }

  /** A handler that completes after {@code millis} on the timer thread (it holds no thread meanwhile). */
  private CompletionStage<Integer> after(long millis, int value) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(value), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  private record Running(ProcessingMetrics metrics, CompletionStage<Done> completion, UniqueKillSwitch kill,
      LaneMonitor monitor) {}

  private Running run(Source<Envelope<Integer>, ?> source, ProcessingSettings settings,
      Function<Envelope<Integer>, CompletionStage<Integer>> handler) {
    Pair<UniqueKillSwitch, Pair<ProcessingMetrics, CompletionStage<Done>>> running = source
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Processing.envelopeSink(settings.withFailurePolicy(FailurePolicy.SKIP), handler, null), Keep.both())
        .run(system);
    ProcessingMetrics metrics = running.second().first();
    CompletionStage<Done> completion = running.second().second();
    // as SourceRunner does for every connector's runner
    LaneMonitor monitor = LaneMonitor.start(system, () -> "test-runner", metrics, completion);
    return new Running(metrics, completion, running.first(), monitor);
  }

  private Optional<ComponentHealth> registered() {
    return Telemetry.get(system).health().stream().filter(h -> h.component().equals("test-runner")).findFirst();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> lanes(ComponentHealth health, String kind) {
    return (List<Map<String, Object>>) health.details().getOrDefault(kind, List.of());
  }

  private long warnings(String containing) {
    return logs.list.stream().filter(e -> e.getFormattedMessage().contains(containing)).count();
  }

  @Test
  void a_blocked_key_is_reported_stuck_while_the_other_keys_flow_then_not_ready_then_recovers() {
    CompletableFuture<Integer> blocked = new CompletableFuture<>();
    AtomicLong blockedSince = new AtomicLong();
    // Three messages of the blocked key first, then the other keys without end (200 a second).
    Source<Envelope<Integer>, ?> source = Source.from(List.of(message("stuck", 0), message("stuck", 1),
            message("stuck", 2)))
        .concat(Source.range(3, Integer.MAX_VALUE).throttle(200, Duration.ofSeconds(1))
            .map(i -> message("k" + (i % 10), i)));
    Running r = run(source, ProcessingSettings.defaults().withParallelism(8).withBufferSize(64), envelope -> {
      if (envelope.key().equals("stuck") && envelope.position().offset() == 0) {
        blockedSince.set(System.nanoTime());
        return blocked;
      }
      return after(2, envelope.payload());
    });

    // Stuck within the limit (plus a few check intervals), not before.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> registered().map(h -> !lanes(h, "stuck").isEmpty()).orElse(false));
    long detectedAfterMs = (System.nanoTime() - blockedSince.get()) / 1_000_000;
    assertThat(detectedAfterMs).isBetween(STUCK_AFTER.toMillis(), STUCK_AFTER.toMillis() + 1_000);
    ComponentHealth stuck = registered().orElseThrow();
    assertThat(stuck.status()).isEqualTo(HealthStatus.SLOW); // stuck, still ready
    assertThat(lanes(stuck, "stuck")).singleElement().satisfies(lane -> {
      assertThat(lane).containsEntry("lane", "key=stuck").containsEntry("key", "stuck")
          .containsEntry("source", "orders").containsEntry("partition", 3).containsEntry("offset", 0L)
          .containsEntry("state", "running").containsEntry("backlog", 2).containsEntry("runner", "test-runner");
      assertThat((String) lane.get("handler")).startsWith(LaneMonitorTest.class.getName());
      assertThat((Long) lane.get("noProgressMs")).isGreaterThanOrEqualTo(STUCK_AFTER.toMillis());
    });
    assertThat(stuck.reason()).contains("key=stuck", "orders/3@0");
    assertThat(Telemetry.get(system).ready()).isTrue();

    // The other keys keep flowing and are never reported.
    long succeeded = r.metrics().succeeded();
    await().atMost(Duration.ofSeconds(10)).until(() -> r.metrics().succeeded() >= succeeded + 50);

    // Not ready once stuck for not-ready-after.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> registered().orElseThrow().status() == HealthStatus.DOWN);
    assertThat((System.nanoTime() - blockedSince.get()) / 1_000_000)
        .isGreaterThanOrEqualTo(STUCK_AFTER.plus(NOT_READY_AFTER).toMillis());
    ComponentHealth down = registered().orElseThrow();
    assertThat(lanes(down, "stuck")).extracting(lane -> lane.get("lane")).containsExactly("key=stuck");
    assertThat(down.reason()).contains("not ready");
    assertThat(Telemetry.get(system).ready()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> warnings("not ready") == 1);
    assertThat(warnings("key=stuck is stuck")).isEqualTo(1); // once, although checked every 50 ms since

    // Released: the lane recovers (its two waiting messages run), reported and logged once.
    blocked.complete(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> warnings("key=stuck recovered") == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> registered().orElseThrow().status() == HealthStatus.UP);
    assertThat(Telemetry.get(system).ready()).isTrue();
    assertThat(warnings("ready again")).isEqualTo(1);
    assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("is stuck"))
        .extracting(ILoggingEvent::getFormattedMessage).allMatch(m -> m.contains("key=stuck"));

    r.kill().shutdown();
    await().atMost(Duration.ofSeconds(10)).until(() -> r.completion().toCompletableFuture().isDone());
    await().atMost(Duration.ofSeconds(5)).until(() -> registered().isEmpty()); // closed with the stream
  }

  @Test
  void slow_handlers_make_the_runner_slow_not_stuck() {
    AtomicBoolean everStuck = new AtomicBoolean();
    AtomicBoolean sawSlow = new AtomicBoolean();
    // 40 messages on 4 keys, each handler 400 ms (slower than 250 ms), 4 at a time: about 4 s.
    Source<Envelope<Integer>, ?> source = Source.range(0, 39).map(i -> message("k" + (i % 4), i));
    Running r = run(source, ProcessingSettings.defaults().withParallelism(4), envelope -> after(400, 1));

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      Optional<ComponentHealth> h = registered();
      h.ifPresent(health -> {
        everStuck.compareAndSet(false, (Integer) health.details().get("stuckLanes") > 0);
        if (health.status() == HealthStatus.SLOW && !lanes(health, "slow").isEmpty()) {
          sawSlow.set(true);
          assertThat(lanes(health, "slow").get(0)).containsEntry("state", "running").containsKey("inFlightMs");
          assertThat(health.reason()).contains("slower than 250 ms");
        }
      });
      return r.completion().toCompletableFuture().isDone();
    });
    assertThat(sawSlow).as("reported slow while handlers ran longer than slow-handler").isTrue();
    assertThat(everStuck).as("never stuck").isFalse();
    assertThat(r.metrics().succeeded()).isEqualTo(40);
    assertThat(warnings("is stuck")).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> registered().isEmpty());
  }

  @Test
  void a_synchronous_handler_that_blocks_the_stage_is_reported_stuck() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    Source<Envelope<Integer>, ?> source = Source.range(0, 9).map(i -> message("k" + i, i));
    Running r = run(source, ProcessingSettings.defaults(), envelope -> {
      if (envelope.position().offset() == 5) {
        entered.countDown();
        try {
          release.await(); // holds the stream's thread: nothing else of this runner moves
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return CompletableFuture.completedFuture(1);
    });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> lanes(r.monitor().health(), "stuck").stream()
            .anyMatch(lane -> "the processing stage".equals(lane.get("lane"))));
    assertThat(r.monitor().health().reason()).contains("blocks the stream's thread");
    await().atMost(Duration.ofSeconds(5)).until(() -> warnings("the processing stage is stuck") == 1);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> r.completion().toCompletableFuture().isDone());
    assertThat(r.metrics().succeeded()).isEqualTo(10);
  }
}
