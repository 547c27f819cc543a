package io.tributary.cli.top;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One refresh of {@code top}: the process's readiness and a row per component.
 *
 * @param at when the last scrape was taken
 * @param url the process's address
 * @param readiness its readiness; empty when {@code /health/ready} did not answer
 * @param rows the rows: runners, hub topics and subscribers, pipelines and their components, other health entries
 */
record Frame(Instant at, String url, Optional<Readiness> readiness, List<Row> rows) {

  Frame {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(readiness, "readiness");
    rows = List.copyOf(rows);
  }
}
