package io.tributary.bench.condition;

import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.event.Event;
import io.tributary.pipeline.source.SyntheticEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code conditions} suite: nanoseconds per event to evaluate a {@code filter}/{@code route}
 * condition, CEL (the engine's {@link Condition}, compiled once) against the hand-written evaluator
 * it replaced ({@link io.tributary.bench.condition.legacy.Condition}, the anchor), on the same
 * condition texts and the same generator log events, in the same run. Each measurement evaluates
 * the condition over every event, pass after pass, for at least a fixed time; the rounds alternate
 * which evaluator goes first, the first rounds warm up, the median of the others is reported. Both
 * evaluators must agree on every event, or the suite fails.
 */
public final class ConditionSuite implements BenchSuite {

  private static final String ANCHOR = "legacy";
  private static final String CEL = "cel";

  /** Short name (the table's column) to condition text, valid in both languages. */
  private static final Map<String, String> CONDITIONS = new LinkedHashMap<>();

  static {
    CONDITIONS.put("eq", "level == \"error\"");
    CONDITIONS.put("and", "level == \"error\" and latency_ms > 100");
    CONDITIONS.put("range", "status >= 400 and status < 500");
    CONDITIONS.put("mixed", "(status >= 500 or latency_ms > 400) and not service == \"api\"");
    CONDITIONS.put("regex", "message =~ \"^POST /api/(orders|login)\"");
    CONDITIONS.put("exists", "exists(host) and host != \"host-1\"");
  }

  @Override
  public String name() {
    return "conditions";
  }

  @Override
  public String description() {
    return "ns per event of CEL conditions vs the hand-written evaluator they replaced, same events";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    int events = (int) options.records().orElse(options.quick() ? 2_000 : 10_000);
    int warmups = options.quick() ? 1 : 2;
    int rounds = options.rounds().orElse(options.quick() ? 1 : 5);
    long minNanos = Duration.ofMillis(options.quick() ? 20 : 250).toNanos();
    Event[] sample = events(events);

    List<BenchResult> results = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, String> c : CONDITIONS.entrySet()) {
      String text = c.getValue();
      long t0 = System.nanoTime();
      io.tributary.bench.condition.legacy.Condition legacy = io.tributary.bench.condition.legacy.Condition.parse(text);
      long t1 = System.nanoTime();
      Condition cel = Condition.parse(text);
      long t2 = System.nanoTime();
      Map<String, Predicate<Event>> contenders = new LinkedHashMap<>();
      contenders.put(ANCHOR, legacy::test);
      if (options.runs(CEL, ANCHOR)) {
        contenders.put(CEL, cel::test);
      }
      long matches = agree(text, sample, legacy, cel);

      Map<String, double[]> measured = new LinkedHashMap<>();
      contenders.keySet().forEach(name -> measured.put(name, new double[rounds]));
      List<String> order = new ArrayList<>(contenders.keySet());
      for (int round = 0; round < warmups + rounds; round++) {
        for (String name : order) {
          double ns = nanosPerEvent(contenders.get(name), sample, matches, minNanos);
          if (round >= warmups) {
            measured.get(name)[round - warmups] = ns;
          }
        }
        java.util.Collections.reverse(order);
      }
      Map<String, Object> config = Map.of("condition", c.getKey());
      for (Map.Entry<String, double[]> m : measured.entrySet()) {
        double median = median(m.getValue());
        String note = String.format(Locale.ROOT, "%.1f M events/s on one core", 1e3 / median);
        results.add(BenchResult.of(m.getKey(), config, median, "ns/event", note));
      }
      System.out.printf(Locale.ROOT, "%-7s %-62s matches %5.1f %%, legacy %s, cel %s%n", c.getKey(), text,
          100.0 * matches / sample.length, Arrays.toString(round(measured.get(ANCHOR))),
          measured.containsKey(CEL) ? Arrays.toString(round(measured.get(CEL))) : "-");
      notes.add(String.format(Locale.ROOT, "%-6s %s  (%.1f %% match; compile: legacy %.2f ms, cel %.1f ms)",
          c.getKey(), text, 100.0 * matches / sample.length, (t1 - t0) / 1e6, (t2 - t1) / 1e6));
    }
    notes.add(String.format(Locale.ROOT, "%,d generator log events; per contender and condition %d warm-up and %d "
        + "measured rounds", events, warmups, rounds));
    notes.add(String.format(Locale.ROOT, "of at least %d ms each, the median reported; ratio = ns/event / the legacy "
        + "evaluator's", minNanos / 1_000_000));
    return new BenchReport(name(), ANCHOR, results, Map.of(), notes);
  }

  /** @return how many events both evaluators accept; fails when they disagree on any event */
  private static long agree(String text, Event[] sample, io.tributary.bench.condition.legacy.Condition legacy,
      Condition cel) {
    long matches = 0;
    for (Event e : sample) {
      boolean a = legacy.test(e);
      if (a != cel.test(e)) {
        throw new IllegalStateException("the evaluators disagree on \"" + text + "\" for " + e + ": legacy " + a);
      }
      matches += a ? 1 : 0;
    }
    return matches;
  }

  /** Evaluates over all events, pass after pass, for at least {@code minNanos}. */
  private static double nanosPerEvent(Predicate<Event> condition, Event[] sample, long expected, long minNanos) {
    long passes = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      long matches = 0;
      for (Event e : sample) {
        if (condition.test(e)) {
          matches++;
        }
      }
      if (matches != expected) { // also keeps the JIT from dropping the work
        throw new IllegalStateException("expected " + expected + " matches, got " + matches);
      }
      passes++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minNanos);
    return (double) elapsed / (passes * sample.length);
  }

  private static Event[] events(int n) {
    SyntheticEvents generator = new SyntheticEvents(SyntheticEvents.Format.LOG, 42,
        Instant.parse("2024-05-01T00:00:00Z"), Duration.ofMillis(1), 0);
    Event[] out = new Event[n];
    for (int i = 0; i < n; i++) {
      out[i] = generator.next();
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double[] round(double[] values) {
    return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
  }
}
