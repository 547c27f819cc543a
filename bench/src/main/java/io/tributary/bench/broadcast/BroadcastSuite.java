package io.tributary.bench.broadcast;

import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The {@code broadcast} suite as a plain suite: runs {@link BroadcastBenchmark} with JMH (every
 * contender, 1 and 4 receivers, capacity 1024, in one run) and reports values delivered per second
 * per receiver, with Disruptor multicast with a yielding wait strategy as the anchor. {@code
 * --quick} runs one short iteration in this JVM (a smoke run, not a measurement).
 */
public final class BroadcastSuite implements BenchSuite {

  private static final String ANCHOR = "disruptor";

  @Override
  public String name() {
    return "broadcast";
  }

  @Override
  public String description() {
    return "BroadcastChannel (LAG, BACKPRESSURE, mix) vs Disruptor, Pekko BroadcastHub, SubmissionPublisher";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    // A full run goes on past a contender that fails (e.g. a stalled anchor) and reports it, so
    // the others' 12 minutes of results are not lost; a smoke run stops at the first failure.
    ChainedOptionsBuilder jmh = new OptionsBuilder()
        .include(BroadcastBenchmark.class.getName() + ".")
        .shouldFailOnError(options.quick());
    if (options.quick()) {
      jmh.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
    } else {
      jmh.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2))
          .measurementIterations(5).measurementTime(TimeValue.seconds(3));
    }
    Collection<RunResult> runs = new Runner(jmh.build()).run();
    System.out.println(BroadcastBenchMain.summary(runs));
    List<String> failures = new ArrayList<>();
    for (String contender : params("contender")) {
      for (String receivers : params("receivers")) {
        boolean ran = runs.stream().anyMatch(run -> run.getParams().getParam("contender").equals(contender)
            && run.getParams().getParam("receivers").equals(receivers));
        if (!ran) {
          failures.add(nameOf(contender) + " with " + receivers + " receiver(s) (its error is in the JMH output above)");
        }
      }
    }
    List<BenchResult> results = new ArrayList<>();
    for (RunResult run : runs) {
      String contender = run.getParams().getParam("contender");
      int receivers = Integer.parseInt(run.getParams().getParam("receivers"));
      Map<String, Result> secondary = run.getSecondaryResults();
      double delivered = secondary.get("delivered").getScore();
      double missed = secondary.containsKey("missed") ? secondary.get("missed").getScore() : 0;
      results.add(BenchResult.of(nameOf(contender), Map.of("receivers", receivers), delivered, "values/s",
          missed > 0 ? String.format(Locale.ROOT, "missed %.3g values/s per receiver", missed) : ""));
    }
    // Without its anchor a configuration has no ratios: report its other results as failed too.
    List<Map<String, Object>> anchored = results.stream().filter(r -> r.name().equals(ANCHOR))
        .map(BenchResult::configuration).toList();
    results.removeIf(r -> {
      boolean orphan = !anchored.contains(r.configuration());
      if (orphan) {
        failures.add(r.name() + " " + r.configuration() + ": ran, but has no ratio without the anchor");
      }
      return orphan;
    });
    return new BenchReport(name(), ANCHOR, results, Map.of(), List.of(
        "values delivered per second per receiver; disruptor = LMAX Disruptor 4.0.0, YieldingWaitStrategy"),
        failures);
  }

  /** The values JMH runs for a {@code @Param} field of {@link BroadcastBenchmark}. */
  private static String[] params(String field) {
    try {
      return BroadcastBenchmark.class.getField(field).getAnnotation(Param.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("BroadcastBenchmark has no @Param field " + field, e);
    }
  }

  /** {@code DISRUPTOR_YIELDING} -> {@code disruptor}, {@code CHANNEL_LAG} -> {@code channel-lag}. */
  static String nameOf(String contender) {
    if (contender.equals(Contender.DISRUPTOR_YIELDING.name())) {
      return ANCHOR;
    }
    return contender.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
