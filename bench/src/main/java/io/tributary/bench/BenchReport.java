package io.tributary.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a suite: its results with ratios to the anchor of the same configuration, a
 * readable table, and the one-line JSON contract printed last:
 *
 * <pre>
 * BENCH {"suite":"kafka","anchor":"plain-consumer","results":[{"name":"plain-consumer","value":912345.6,"unit":"records/s","ratio":1.0}, ...]}
 * </pre>
 *
 * <p>Each result object holds {@code name}, the configuration's entries (e.g. {@code "keys":10}),
 * {@code value}, {@code unit} and {@code ratio}. Written by hand: no JSON library needed.
 */
public final class BenchReport {

  private final String suite;
  private final String anchor;
  private final List<BenchResult> results;
  private final Map<String, String> overrides;
  private final List<String> notes;
  private final List<String> failures;

  /**
   * @param results every result; each configuration must hold one named {@code anchor}, unless all its
   *     results come with their ratio already set (not NaN), which is kept
   * @param overrides non-default settings the run used (written to the JSON when not empty)
   * @param notes lines printed under the table
   */
  public BenchReport(String suite, String anchor, List<BenchResult> results, Map<String, String> overrides,
      List<String> notes) {
    this(suite, anchor, results, overrides, notes, List.of());
  }

  /**
   * @param failures contenders that ran and failed (no result), one line each: the table lists
   *     them and the command exits non-zero after printing everything else
   */
  public BenchReport(String suite, String anchor, List<BenchResult> results, Map<String, String> overrides,
      List<String> notes, List<String> failures) {
    this.failures = List.copyOf(failures);
    this.suite = Objects.requireNonNull(suite, "suite");
    this.anchor = Objects.requireNonNull(anchor, "anchor");
    this.overrides = Map.copyOf(overrides);
    this.notes = List.copyOf(notes);
    Map<Map<String, Object>, Double> anchors = new LinkedHashMap<>();
    for (BenchResult r : results) {
      if (r.name().equals(anchor)) {
        anchors.put(r.configuration(), r.value());
      }
    }
    List<BenchResult> withRatios = new ArrayList<>(results.size());
    for (BenchResult r : results) {
      if (!Double.isNaN(r.ratio())) {
        withRatios.add(r); // a ratio the suite computed itself, to another reference (e.g. issue 17's rows)
        continue;
      }
      Double base = anchors.get(r.configuration());
      if (base == null) {
        throw new IllegalArgumentException("no " + anchor + " result for configuration "
            + r.configuration() + " (needed for the ratio of " + r.name() + ")");
      }
      withRatios.add(r.withRatioTo(base));
    }
    this.results = List.copyOf(withRatios);
  }

  public List<BenchResult> results() {
    return results;
  }

  /** @return the readable table */
  public String table() {
    List<String> configKeys = new ArrayList<>();
    for (BenchResult r : results) {
      for (String k : r.configuration().keySet()) {
        if (!configKeys.contains(k)) {
          configKeys.add(k);
        }
      }
    }
    int nameWidth = Math.max(12, results.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nSuite %s: ratios to %s in the same configuration%n", suite, anchor));
    if (!overrides.isEmpty()) {
      out.append("overrides: ").append(overrides).append(System.lineSeparator());
    }
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", "name"));
    for (String k : configKeys) {
      header.append(String.format(Locale.ROOT, " %8s", k));
    }
    header.append(String.format(Locale.ROOT, " %14s %-10s %7s  %s", "value", "unit", "ratio", "notes"));
    out.append(header).append(System.lineSeparator());
    out.append("-".repeat(header.length())).append(System.lineSeparator());
    for (BenchResult r : results) {
      out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", r.name()));
      for (String k : configKeys) {
        Object v = r.configuration().get(k);
        out.append(String.format(Locale.ROOT, " %8s", v == null ? "" : v));
      }
      // Rates are large numbers; small values (latencies in ms, MB) need their decimals.
      String value = Math.abs(r.value()) >= 1000 ? String.format(Locale.ROOT, "%,14.0f", r.value())
          : String.format(Locale.ROOT, "%14.3f", r.value());
      out.append(String.format(Locale.ROOT, " %s %-10s %7.3f  %s", value, r.unit(), r.ratio(), r.note()))
          .append(System.lineSeparator());
    }
    for (String note : notes) {
      out.append(note).append(System.lineSeparator());
    }
    for (String failure : failures) {
      out.append("FAILED, no result: ").append(failure).append(System.lineSeparator());
    }
    return out.toString();
  }

  /** @return the contenders that failed (empty when all produced a result) */
  public List<String> failures() {
    return failures;
  }

  /** @return the JSON object of the BENCH line (without the {@code BENCH } prefix) */
  public String json() {
    StringBuilder out = new StringBuilder(256 + 128 * results.size());
    out.append("{\"suite\":").append(string(suite)).append(",\"anchor\":").append(string(anchor));
    if (!overrides.isEmpty()) {
      out.append(",\"overrides\":{");
      boolean first = true;
      for (Map.Entry<String, String> e : overrides.entrySet()) {
        out.append(first ? "" : ",").append(string(e.getKey())).append(':').append(string(e.getValue()));
        first = false;
      }
      out.append('}');
    }
    out.append(",\"results\":[");
    for (int i = 0; i < results.size(); i++) {
      BenchResult r = results.get(i);
      out.append(i == 0 ? "" : ",").append("{\"name\":").append(string(r.name()));
      for (Map.Entry<String, Object> e : r.configuration().entrySet()) {
        out.append(',').append(string(e.getKey())).append(':').append(value(e.getValue()));
      }
      out.append(",\"value\":").append(number(r.value(), 1))
          .append(",\"unit\":").append(string(r.unit()))
          .append(",\"ratio\":").append(number(r.ratio(), 4))
          .append('}');
    }
    return out.append("]}").toString();
  }

  /** @return the last line of a suite's output: {@code BENCH <json>} */
  public String benchLine() {
    return "BENCH " + json();
  }

  private static String value(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof Number n) {
      return number(n.doubleValue(), 4);
    }
    if (v instanceof Boolean) {
      return v.toString();
    }
    return string(String.valueOf(v));
  }

  /** A JSON number rounded to {@code decimals} places (trailing zeros dropped); null if not finite. */
  static String number(double d, int decimals) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "null";
    }
    java.math.BigDecimal b = java.math.BigDecimal.valueOf(d)
        .setScale(decimals, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    String s = b.toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
