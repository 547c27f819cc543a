package io.tributary.cli.top;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One scrape of a process: its samples and its readiness, and when they were taken.
 *
 * @param at the wall-clock time of the scrape, for the display
 * @param nanos its {@link System#nanoTime()}, for rates
 * @param samples what {@code /metrics} answered
 * @param readiness what {@code /health/ready} answered; empty when it did not answer JSON
 */
record Snapshot(Instant at, long nanos, List<Sample> samples, Optional<Readiness> readiness) {

  Snapshot {
    Objects.requireNonNull(at, "at");
    samples = List.copyOf(samples);
    Objects.requireNonNull(readiness, "readiness");
  }

  /**
   * @return the sum of the samples named {@code name} with these labels, leaving out those that are not a number
   *     (a Kafka partition whose lag the client does not know yet); empty when none is a number
   */
  OptionalDouble sum(String name, Map<String, String> labels) {
    double sum = 0;
    boolean any = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && !Double.isNaN(s.value()) && s.matches(labels)) {
        sum += s.value();
        any = true;
      }
    }
    return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }
}
