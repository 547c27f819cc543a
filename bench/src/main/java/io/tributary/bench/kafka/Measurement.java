package io.tributary.bench.kafka;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One timed pass of a contender over a topic.
 *
 * @param records records the pass covered
 * @param nanos from the first record received to the end (the last record seen, or the commit that
 *     covers it, as the contender defines)
 * @param note what else the pass observed, for the table
 * @param cpuNanos CPU time this JVM's threads used during the whole pass (join and shutdown
 *     included; the broker runs in its own process), or -1 when not measured
 */
record Measurement(long records, long nanos, String note, long cpuNanos) {

  Measurement(long records, long nanos, String note) {
    this(records, nanos, note, -1);
  }

  /** @return this pass with the CPU time it used */
  Measurement withCpu(long cpu) {
    return new Measurement(records, nanos, note, cpu);
  }

  /** @return CPU microseconds per record, or NaN when not measured */
  double cpuMicrosPerRecord() {
    return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / records;
  }

  double rate() {
    return records * 1e9 / nanos;
  }

  String describe() {
    return String.format(Locale.ROOT, "%,d records in %,.0f ms = %,.0f records/s%s%s", records, nanos / 1e6,
        rate(), cpuNanos < 0 ? "" : String.format(Locale.ROOT, ", CPU %.2f us/record", cpuMicrosPerRecord()),
        note.isEmpty() ? "" : " (" + note + ")");
  }

  /**
   * The median CPU time per record over the passes, for a table note: unlike the rate it hardly
   * depends on what else the machine is doing.
   */
  static String cpuPerRecord(List<Measurement> passes) {
    double cpu = medianCpuMicrosPerRecord(passes);
    return Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "CPU in this JVM %.2f us/record", cpu);
  }

  /** @return the median CPU microseconds per record over the passes (the lower middle one), NaN if none measured */
  static double medianCpuMicrosPerRecord(List<Measurement> passes) {
    double[] cpu = passes.stream().mapToDouble(Measurement::cpuMicrosPerRecord).filter(d -> !Double.isNaN(d))
        .sorted().toArray();
    return cpu.length == 0 ? Double.NaN : cpu[(cpu.length - 1) / 2];
  }

  /**
   * The ratio of each round's pass to the anchor's pass of the same round (they ran back to back,
   * so they share the machine's state of the moment), summarized for a table note.
   */
  static String perRoundRatios(List<Measurement> passes, List<Measurement> anchorPasses) {
    int n = Math.min(passes.size(), anchorPasses.size());
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      ratios[i] = passes.get(i).rate() / anchorPasses.get(i).rate();
    }
    java.util.Arrays.sort(ratios);
    return n == 0 ? "" : String.format(Locale.ROOT, "same-round ratio median %.2f (%.2f-%.2f)",
        ratios[(n - 1) / 2], ratios[0], ratios[n - 1]);
  }

  /** @return the pass with the median rate (the lower middle one for an even count) */
  static Measurement median(List<Measurement> passes) {
    List<Measurement> sorted = passes.stream().sorted(Comparator.comparingDouble(Measurement::rate)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
