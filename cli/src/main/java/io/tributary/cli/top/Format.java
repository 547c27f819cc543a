package io.tributary.cli.top;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Durations, rates and counts as {@code top} writes them; {@code -} for what is not known. */
final class Format {

  /** What a value that is not known or does not apply shows. */
  static final String NONE = "-";

  private Format() {
  }

  /** {@code 850 ms}, {@code 4.2 s}, {@code 95 s}: as the health WARN lines write them. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return (ms / 1000) + " s";
  }

  /** A rate with one decimal, e.g. {@code 118.5}; {@code -} when empty. */
  static String rate(OptionalDouble perSecond) {
    return perSecond.isEmpty() ? NONE : String.format(Locale.ROOT, "%.1f", perSecond.getAsDouble());
  }

  /** A count; {@code -} when empty. */
  static String count(OptionalLong n) {
    return n.isEmpty() ? NONE : Long.toString(n.getAsLong());
  }
}
