package io.tributary.streams.processing;

import io.tributary.streams.telemetry.ComponentHealth;
import io.tributary.streams.telemetry.HealthIndicator;
import io.tributary.streams.telemetry.HealthSettings;
import io.tributary.streams.telemetry.HealthStatus;
import io.tributary.streams.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a slow processing runner from a stuck one, from the {@link LaneSnapshot}s the runner publishes
 * (see {@link HealthSettings} for the limits):
 *
 * <ul>
 *   <li><b>stuck</b>: a lane made no progress for {@code stuck-after}: its message in flight that long, or
 *       waiting that long for a free slot; or the runner stopped publishing that long (a handler blocks the
 *       stream's thread);
 *   <li><b>slow</b>: a handler is running longer than {@code slow-handler}, or one that took longer finished
 *       within the last {@code slow-handler}.
 * </ul>
 *
 * The runner's health is {@link HealthStatus#DOWN} (not ready) once a lane has been stuck for {@code
 * not-ready-after}, {@link HealthStatus#SLOW} while a lane is stuck or a handler slow, {@link
 * HealthStatus#UP} otherwise; its details name each stuck and slow lane (source, partition, key, offset,
 * for how long, the handler and the runner). A periodic check logs a WARN line when a lane becomes stuck
 * and when it recovers, once each. Every {@link io.tributary.streams.lifecycle.SourceRunner} starts one
 * with {@link #start}.
 *
 * <p>Checking costs the runner nothing per message: the monitor only reads the runner's last snapshot.
 */
public final class LaneMonitor implements HealthIndicator, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LaneMonitor.class);
  /** Lanes listed per kind in the details at most; the counts say how many there are in all. */
  static final int LISTED_LANES = 20;

  private final Supplier<String> name;
  private final ProcessingMetrics metrics;
  private final HealthSettings settings;
  /** The stuck episodes logged and not yet recovered, by lane name and start of the episode; guarded by this. */
  private final Map<String, Stuck> reported = new HashMap<>();
  private boolean reportedDown;
  private volatile AutoCloseable registration = () -> { };
  private volatile Cancellable checks;

  private LaneMonitor(Supplier<String> name, ProcessingMetrics metrics, HealthSettings settings) {
    this.name = Objects.requireNonNull(name, "name");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * A monitor that is neither registered nor checked periodically: call {@link #check()} to log, {@link
   * #health()} to read it. For hosts that schedule and publish health themselves.
   *
   * @param name the runner's name, e.g. {@code kafka-consumer[orders/billing]}; asked on every check
   * @param metrics the runner's live counters, whose {@link ProcessingMetrics#lanes()} it watches
   * @param settings the limits
   * @return the monitor
   */
  public static LaneMonitor create(Supplier<String> name, ProcessingMetrics metrics, HealthSettings settings) {
    return new LaneMonitor(name, metrics, settings);
  }

  /**
   * Starts watching a runner: registers the monitor with the actor system's {@link Telemetry} and checks
   * every {@code tributary.health.check-interval} (the limits come from the system's config), until
   * {@code until} completes or {@link #close()}.
   *
   * @param system the actor system the runner runs on
   * @param name the runner's name, e.g. {@code kafka-consumer[orders/billing]}; asked on every check
   * @param metrics the runner's live counters
   * @param until completes when the runner's stream ended: the monitor closes then
   * @return the running monitor
   */
  public static LaneMonitor start(ClassicActorSystemProvider system, Supplier<String> name,
      ProcessingMetrics metrics, CompletionStage<?> until) {
    ActorSystem classic = system.classicSystem();
    HealthSettings settings = HealthSettings.fromConfig(classic.settings().config());
    LaneMonitor monitor = new LaneMonitor(name, metrics, settings);
    monitor.registration = Telemetry.get(system).register(monitor);
    monitor.checks = classic.scheduler().scheduleWithFixedDelay(settings.checkInterval(),
        settings.checkInterval(), monitor::check, classic.dispatcher());
    until.whenComplete((done, error) -> monitor.close());
    return monitor;
  }

  /** The runner's name; a placeholder while the runner is still being constructed. */
  private String runnerName() {
    try {
      String n = name.get();
      return n == null ? "runner" : n;
    } catch (RuntimeException e) {
      return "runner";
    }
  }

  /** @return the limits it applies */
  public HealthSettings settings() {
    return settings;
  }

  /** @return the runner's health now, from its last snapshot (cheap: no locks, nothing blocks) */
  @Override
  public ComponentHealth health() {
    return assess(System.nanoTime()).health();
  }

  /**
   * Checks the runner now: logs a WARN line for each lane that became stuck and each that recovered since
   * the last check (once each), and when the runner turns not ready or ready again.
   *
   * @return the runner's health now
   */
  public synchronized ComponentHealth check() {
    Verdict verdict;
    try {
      verdict = assess(System.nanoTime());
    } catch (RuntimeException e) {
      log.warn("checking the lanes of {} failed: {}", runnerName(), e.toString());
      return ComponentHealth.up(runnerName());
    }
    String runner = verdict.health().component();
    Map<String, Stuck> now = new LinkedHashMap<>();
    for (Stuck s : verdict.stuck()) {
      now.put(s.id(), s);
    }
    for (Map.Entry<String, Stuck> e : now.entrySet()) {
      if (!reported.containsKey(e.getKey())) {
        log.warn("{}: {} is stuck: {}", runner, e.getValue().lane(), e.getValue().describe());
      }
    }
    for (Stuck gone : reported.values()) {
      if (!now.containsKey(gone.id())) {
        log.warn("{}: {} recovered after {} without progress", runner, gone.lane(),
            text(recoveredAfter(gone, verdict.snapshot(), verdict.nowNanos())));
      }
    }
    reported.clear();
    reported.putAll(now);
    boolean down = verdict.health().status() == HealthStatus.DOWN;
    if (down != reportedDown) {
      log.warn("{}: {}", runner, down ? verdict.health().reason()
          : "ready again: no lane stuck longer than " + text(settings.notReadyAfter()));
      reportedDown = down;
    }
    return verdict.health();
  }

  /** Stops the periodic checks and removes the registration (idempotent). */
  @Override
  public void close() {
    Cancellable c = checks;
    if (c != null) {
      c.cancel();
    }
    try {
      registration.close();
    } catch (Exception e) {
      log.debug("closing the health registration of {} failed: {}", runnerName(), e.toString());
    }
  }

  /**
   * How long a recovered episode went without progress: to the lane's new progress when the lane is still
   * busy (exact), else to now (an upper bound, within a check interval).
   */
  private static Duration recoveredAfter(Stuck gone, LaneSnapshot snapshot, long nowNanos) {
    for (BusyLane lane : snapshot.lanes()) {
      if (lane.name().equals(gone.lane()) && lane.progressNanos() > gone.sinceNanos()) {
        return Duration.ofNanos(lane.progressNanos() - gone.sinceNanos());
      }
    }
    return Duration.ofNanos(Math.max(0, nowNanos - gone.sinceNanos()));
  }

  private Verdict assess(long nowNanos) {
    LaneSnapshot snapshot = metrics.lanes();
    String runner = runnerName();
    long stuckNanos = settings.stuckAfter().toNanos();
    long slowNanos = settings.slowHandler().toNanos();
    long downNanos = stuckNanos + settings.notReadyAfter().toNanos();
    List<Stuck> stuck = new ArrayList<>();
    List<BusyLane> slow = new ArrayList<>();
    List<Map<String, Object>> stuckDetails = new ArrayList<>();
    List<Map<String, Object>> slowDetails = new ArrayList<>();
    long longestStuck = -1;
    Stuck longest = null;
    long silentNanos = snapshot.active() ? nowNanos - snapshot.takenAtNanos() : 0;
    if (silentNanos >= stuckNanos) {
      // The stage did not publish: its thread is blocked, by a handler that does not return.
      Stuck s = new Stuck("stage@" + snapshot.takenAtNanos(), "the processing stage", snapshot.takenAtNanos(),
          silentNanos, "it has not reported for " + text(Duration.ofNanos(silentNanos))
          + ": a handler blocks the stream's thread (a synchronous handler that does not return?)");
      stuck.add(s);
      longestStuck = silentNanos;
      longest = s;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("lane", s.lane());
      d.put("noProgressMs", silentNanos / 1_000_000);
      d.put("stuckForMs", (silentNanos - stuckNanos) / 1_000_000);
      d.put("handler", snapshot.handler());
      d.put("runner", runner);
      stuckDetails.add(d);
    }
    for (BusyLane lane : snapshot.lanes()) {
      long noProgress = nowNanos - lane.progressNanos();
      long inFlight = lane.startedNanos() == 0 ? 0 : nowNanos - lane.startedNanos();
      if (noProgress >= stuckNanos) {
        Stuck s = new Stuck(lane.name() + "@" + lane.progressNanos(), lane.name(), lane.progressNanos(),
            noProgress, describe(lane, noProgress, inFlight, snapshot.handler()));
        stuck.add(s);
        if (noProgress > longestStuck) {
          longestStuck = noProgress;
          longest = s;
        }
        if (stuckDetails.size() < LISTED_LANES) {
          Map<String, Object> d = details(lane, noProgress, inFlight, snapshot.handler(), runner);
          d.put("stuckForMs", (noProgress - stuckNanos) / 1_000_000);
          stuckDetails.add(d);
        }
      } else if (lane.state() == BusyLane.State.RUNNING && inFlight >= slowNanos) {
        slow.add(lane);
        if (slowDetails.size() < LISTED_LANES) {
          slowDetails.add(details(lane, noProgress, inFlight, snapshot.handler(), runner));
        }
      }
    }
    SlowCompletion lastSlow = snapshot.lastSlow();
    boolean recentSlow = lastSlow != null && nowNanos - lastSlow.finishedNanos() < slowNanos;
    boolean stageSlow = silentNanos >= slowNanos && silentNanos < stuckNanos;

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("handler", snapshot.handler());
    details.put("busyLanes", snapshot.lanes().size());
    details.put("stuckLanes", stuck.size());
    details.put("slowLanes", slow.size());
    if (!stuckDetails.isEmpty()) {
      details.put("stuck", stuckDetails);
    }
    if (!slowDetails.isEmpty()) {
      details.put("slow", slowDetails);
    }
    if (recentSlow) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("key", lastSlow.key());
      d.put("source", lastSlow.position().source());
      d.put("partition", lastSlow.position().partition());
      d.put("offset", lastSlow.position().offset());
      d.put("tookMs", lastSlow.took().toMillis());
      d.put("finishedMsAgo", (nowNanos - lastSlow.finishedNanos()) / 1_000_000);
      details.put("lastSlow", d);
    }

    HealthStatus status;
    String reason;
    if (longest != null) {
      status = longestStuck >= downNanos ? HealthStatus.DOWN : HealthStatus.SLOW;
      reason = (stuck.size() == 1 ? "1 lane stuck: " : stuck.size() + " lanes stuck, the longest: ")
          + longest.lane() + ", " + longest.describe()
          + (status == HealthStatus.DOWN ? "; not ready (stuck longer than " + text(settings.notReadyAfter()) + ")"
              : "");
    } else if (!slow.isEmpty()) {
      BusyLane first = slow.get(0);
      status = HealthStatus.SLOW;
      reason = (slow.size() == 1 ? "1 handler slower than " : slow.size() + " handlers slower than ")
          + text(settings.slowHandler()) + ": " + first.name() + " at " + first.position() + " running for "
          + text(first.inFlightFor(nowNanos));
    } else if (stageSlow) {
      status = HealthStatus.SLOW;
      reason = "the processing stage has not reported for " + text(Duration.ofNanos(silentNanos))
          + ": a synchronous handler holds its thread";
    } else if (recentSlow) {
      status = HealthStatus.SLOW;
      reason = "a handler took " + text(lastSlow.took()) + " (slower than " + text(settings.slowHandler())
          + "): " + (lastSlow.key() == null ? "" : "key=" + lastSlow.key() + " at ") + lastSlow.position();
    } else {
      status = HealthStatus.UP;
      reason = "";
    }
    return new Verdict(new ComponentHealth(runner, status, reason, details), stuck, snapshot, nowNanos);
  }

  private static String describe(BusyLane lane, long noProgressNanos, long inFlightNanos, String handler) {
    StringBuilder b = new StringBuilder();
    b.append(lane.position()).append(lane.key() == null || lane.kind() == BusyLane.Kind.KEY ? ""
        : " (key " + lane.key() + ")");
    b.append(" without progress for ").append(text(Duration.ofNanos(noProgressNanos)));
    b.append(", ").append(lane.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    if (inFlightNanos > 0) {
      b.append(" (in flight for ").append(text(Duration.ofNanos(inFlightNanos))).append(", attempt ")
          .append(lane.attempt()).append(')');
    }
    if (lane.backlog() > 0) {
      b.append(", ").append(lane.backlog()).append(" waiting behind it");
    }
    return b.append(", handler ").append(handler).toString();
  }

  private static Map<String, Object> details(BusyLane lane, long noProgressNanos, long inFlightNanos,
      String handler, String runner) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lane", lane.name());
    d.put("kind", lane.kind().name().toLowerCase(Locale.ROOT));
    d.put("key", lane.key());
    d.put("source", lane.position().source());
    d.put("partition", lane.position().partition());
    d.put("offset", lane.position().offset());
    d.put("state", lane.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    d.put("attempt", lane.attempt());
    d.put("backlog", lane.backlog());
    d.put("noProgressMs", noProgressNanos / 1_000_000);
    d.put("inFlightMs", inFlightNanos / 1_000_000);
    d.put("handler", handler);
    d.put("runner", runner);
    return d;
  }

  /** A duration for a log line or a reason: {@code 850 ms}, {@code 4.2 s}, {@code 95 s}. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return (ms / 1000) + " s";
  }

  /**
   * One stuck lane at one check.
   *
   * @param id the episode: the lane and its last progress (a new episode after the lane progressed)
   * @param lane the lane's name
   * @param sinceNanos its last progress
   * @param noProgressNanos how long it has made no progress
   * @param describe a line on where it is stuck
   */
  private record Stuck(String id, String lane, long sinceNanos, long noProgressNanos, String describe) {}

  /** One assessment: the health, the stuck lanes, and what it was made from. */
  private record Verdict(ComponentHealth health, List<Stuck> stuck, LaneSnapshot snapshot, long nowNanos) {}
}
