package io.tributary.bench.broadcast;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link BroadcastBenchmark} with any JMH command-line options (e.g. {@code -f 1 -wi 3 -i 5
 * -w 2s -r 3s}, {@code -p receivers=4}), then prints a summary: per contender and receiver count,
 * values sent, delivered and missed per second per receiver, and the ratios of sent and delivered
 * rates to what {@link Contender#DISRUPTOR_YIELDING} delivered with as many receivers.
 */
public final class BroadcastBenchMain {

  private BroadcastBenchMain() {}

  /** @param args JMH options; without a benchmark pattern, runs {@link BroadcastBenchmark} */
  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    if (cli.getIncludes().isEmpty()) {
      options.include(BroadcastBenchmark.class.getName() + ".");
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println(summary(results));
  }

  private record Row(String contender, int receivers, Result<?> sent, double delivered, double missed) {}

  static String summary(Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    Map<Integer, Double> anchor = new HashMap<>();
    for (RunResult run : results) {
      String contender = run.getParams().getParam("contender");
      int receivers = Integer.parseInt(run.getParams().getParam("receivers"));
      Map<String, Result> secondary = run.getSecondaryResults();
      double delivered = score(secondary.get("delivered"));
      double missed = score(secondary.get("missed"));
      rows.add(new Row(contender, receivers, run.getPrimaryResult(), delivered, missed));
      if (Contender.DISRUPTOR_YIELDING.name().equals(contender)) {
        anchor.put(receivers, delivered);
      }
    }
    rows.sort(Comparator.comparingInt(Row::receivers)
        .thenComparing(row -> Contender.valueOf(row.contender()).ordinal()));
    StringBuilder out = new StringBuilder(String.format(
        "%nBroadcast summary: rates per receiver; ratios to DISRUPTOR_YIELDING with as many receivers%n"
            + "%-22s %4s %16s %12s %16s %14s %11s %11s%n",
        "contender", "rcv", "sent/s", "± err", "delivered/s", "missed/s", "sent ratio", "dlvr ratio"));
    for (Row row : rows) {
      Double base = anchor.get(row.receivers());
      double error = row.sent().getScoreError();
      out.append(String.format("%-22s %4d %,16.0f %12s %,16.0f %,14.0f %11s %11s%n",
          row.contender(), row.receivers(), row.sent().getScore(),
          Double.isNaN(error) ? "n/a" : String.format("%,.0f", error), row.delivered(), row.missed(),
          ratio(row.sent().getScore(), base), ratio(row.delivered(), base)));
    }
    return out.toString();
  }

  private static String ratio(double value, Double anchor) {
    return anchor == null ? "n/a" : String.format("%.2f", value / anchor);
  }

  private static double score(Result<?> result) {
    return result == null ? Double.NaN : result.getScore();
  }
}
