package io.tributary.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One measured (or computed) value of a suite: a contender in one configuration.
 *
 * @param name the contender, e.g. {@code plain-consumer}
 * @param configuration what identifies the configuration besides the name, in output order (e.g.
 *     {@code keys=10}); the same keys and values for every contender of that configuration
 * @param value the metric
 * @param unit the metric's unit, e.g. {@code records/s}
 * @param ratio value / the anchor's value in the same configuration (NaN before it is known)
 * @param note a free-text remark for the table (not written to the JSON line)
 */
public record BenchResult(String name, Map<String, Object> configuration, double value, String unit,
    double ratio, String note) {

  public BenchResult {
    Objects.requireNonNull(name, "name");
    configuration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    Objects.requireNonNull(unit, "unit");
    note = note == null ? "" : note;
  }

  /** A result whose ratio is filled in later by {@link BenchReport}. */
  public static BenchResult of(String name, Map<String, Object> configuration, double value, String unit,
      String note) {
    return new BenchResult(name, configuration, value, unit, Double.NaN, note);
  }

  /** @return a copy with the ratio to {@code anchorValue} */
  public BenchResult withRatioTo(double anchorValue) {
    return new BenchResult(name, configuration, value, unit, value / anchorValue, note);
  }
}
