package io.tributary.samples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import io.tributary.pipeline.event.Event;
import io.tributary.pipeline.source.SyntheticEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shipped example {@code pipelines/logs-to-file.conf} (generator -> parse_json -> filter and
 * route -> files + console_stats) through the command and checks every file against what the
 * seeded generator produces.
 */
class LogsToFileExampleTest {

  private static final int COUNT = 5000;

  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void the_example_writes_exactly_the_expected_events_to_each_file_and_exits_zero() throws IOException {
    CommandRun run = CommandRun.of("pipeline", "pipelines/logs-to-file.conf",
        "--set", "vars.out_dir=" + dir, "--set", "sources.logs.rate_per_s=0");
    assertThat(run.code()).as(run.err()).isZero();

    List<Long> errors = new ArrayList<>();
    List<Long> slow = new ArrayList<>();
    List<Long> unparsed = new ArrayList<>();
    // the example's generator: json_log, seed 7, every 100th line invalid
    SyntheticEvents generated = new SyntheticEvents(SyntheticEvents.Format.JSON_LOG, 7, Instant.EPOCH,
        Duration.ofMillis(1), 100);
    for (int i = 0; i < COUNT; i++) {
      Event e = generated.next();
      long seq = (Long) e.get("seq");
      Event parsed;
      try {
        parsed = Event.fromJson((String) e.get("message"));
      } catch (IllegalArgumentException invalid) {
        unparsed.add(seq);
        continue;
      }
      long latency = (Long) parsed.get("latency_ms");
      if ("error".equals(parsed.get("level")) && latency > 100) {
        errors.add(seq);
      }
      if (latency >= 500) {
        slow.add(seq);
      }
    }
    assertThat(unparsed).hasSize(COUNT / 100);
    assertThat(errors).isNotEmpty();
    assertThat(slow).isNotEmpty();

    assertThat(seqs(dir.resolve("errors.json"))).isEqualTo(errors);
    assertThat(seqs(dir.resolve("slow.json"))).isEqualTo(slow);
    assertThat(seqs(dir.resolve("unparsed.json"))).isEqualTo(unparsed);
    for (String line : Files.readAllLines(dir.resolve("unparsed.json"))) {
      assertThat((String) Event.fromJson(line).get("error")).startsWith("parse_json: invalid JSON");
    }
    Event firstError = Event.fromJson(Files.readAllLines(dir.resolve("errors.json")).get(0));
    assertThat(firstError.fields().keySet()).containsExactly("seq", "timestamp", "message", "host", "service",
        "level", "status", "latency_ms");

    String last = run.outLines().get(run.outLines().size() - 1);
    assertThat(last).startsWith("stats[stats] done after ")
        .contains(" logs=" + COUNT + " (")
        .contains(" errors_only=" + errors.size() + " (")
        .contains(" classify.slow=" + slow.size() + " (")
        .contains(" parse._errors=" + unparsed.size() + " (");
    assertThat(run.err()).contains("shutdown report: pipeline[logs-to-file] events=" + COUNT + " acknowledged="
        + COUNT + " in-flight=0");
  }

  private static List<Long> seqs(Path file) throws IOException {
    List<Long> seqs = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      seqs.add((Long) Event.fromJson(line).get("seq"));
    }
    return seqs;
  }
}
