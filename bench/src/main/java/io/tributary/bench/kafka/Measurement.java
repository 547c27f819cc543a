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
 */
record Measurement(long records, long nanos, String note) {

  double rate() {
    return records * 1e9 / nanos;
  }

  String describe() {
    return String.format(Locale.ROOT, "%,d records in %,.0f ms = %,.0f records/s%s", records, nanos / 1e6,
        rate(), note.isEmpty() ? "" : " (" + note + ")");
  }

  /** @return the pass with the median rate (the lower middle one for an even count) */
  static Measurement median(List<Measurement> passes) {
    List<Measurement> sorted = passes.stream().sorted(Comparator.comparingDouble(Measurement::rate)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
