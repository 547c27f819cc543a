package io.tributary.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Reads the file sink ({@link ProcessedLog}) and counts what a run cost: events lost (expected, never processed),
 * duplicated (processed more than once), order violations (per key, the first processings' sequence numbers must
 * increase in file order), and the time to recover.
 */
public final class Verifier {

  /**
   * One processed event, as its line says.
   *
   * @param id the event's id
   * @param key its key
   * @param seq its sequence number within the key
   * @param instance the consumer that processed it
   * @param atMillis when its line was written, epoch milliseconds
   */
  public record Line(long id, String key, long seq, String instance, long atMillis) {}

  /**
   * The counts of one file.
   *
   * @param processed distinct events processed
   * @param lost expected events never processed
   * @param duplicated lines beyond the first per event
   * @param orderViolations first processings after a later event of the same key
   * @param unexpected distinct events processed that were not expected (e.g. poison that got through)
   */
  public record Counts(long processed, long lost, long duplicated, long orderViolations, long unexpected) {}

  private Verifier() {}

  /** @return the lines of {@code file} in file order (none when it does not exist); malformed lines are skipped */
  public static List<Line> read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    if (!Files.exists(file)) {
      return lines;
    }
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = text.split("\t");
      if (f.length != 5) {
        continue;
      }
      try {
        lines.add(new Line(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), f[3], Long.parseLong(f[4])));
      } catch (NumberFormatException e) {
        // a line cut short: never written by ProcessedLog, which writes whole lines
      }
    }
    return lines;
  }

  /**
   * Counts {@code lines} against the events {@code 0..messages-1} for which {@code expected} holds.
   *
   * @param lines the file's lines, in file order
   * @param messages events produced
   * @param expected which events must be processed
   * @return the counts
   */
  public static Counts count(List<Line> lines, long messages, LongPredicate expected) {
    Set<Long> seen = new HashSet<>();
    Map<String, Long> highest = new HashMap<>();
    long duplicated = 0;
    long violations = 0;
    long unexpected = 0;
    for (Line line : lines) {
      if (!seen.add(line.id())) {
        duplicated++;
        continue;
      }
      if (!expected.test(line.id())) {
        unexpected++;
      }
      Long before = highest.get(line.key());
      if (before != null && line.seq() < before) {
        violations++;
      } else {
        highest.put(line.key(), line.seq());
      }
    }
    long lost = 0;
    for (long id = 0; id < messages; id++) {
      if (expected.test(id) && !seen.contains(id)) {
        lost++;
      }
    }
    return new Counts(seen.size(), lost, duplicated, violations, unexpected);
  }

  /**
   * @param lines the file's lines
   * @param fromMillis the fault's end, or the kill
   * @param after which lines count as processed by the recovered system
   * @return milliseconds from {@code fromMillis} to the first such line written at or after it, if any
   */
  public static Optional<Long> recoveryMs(List<Line> lines, long fromMillis, Predicate<Line> after) {
    return lines.stream().filter(l -> l.atMillis() >= fromMillis && after.test(l))
        .map(l -> l.atMillis() - fromMillis).min(Long::compare);
  }

  /** @return how many distinct expected events {@code lines} hold */
  static long processedExpected(List<Line> lines, LongPredicate expected) {
    Set<Long> seen = new HashSet<>();
    for (Line l : lines) {
      if (expected.test(l.id())) {
        seen.add(l.id());
      }
    }
    return seen.size();
  }
}
