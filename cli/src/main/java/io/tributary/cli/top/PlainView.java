package io.tributary.cli.top;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code top} when stdout is not a terminal: per refresh, one line for the process, then one line per component,
 * each a stable, greppable summary (docs/cli.md, section {@code top}):
 *
 * <pre>
 * top: 2025-06-01T12:00:01Z process status=DOWN stopping=false
 * top: 2025-06-01T12:00:01Z kafka-consumer[orders/billing] in=120.0/s out=118.0/s inflight=4 lag=12 status=DOWN
 *     stuck=key=k7@orders/3@1234:31s reason="1 lane stuck: ..."
 * </pre>
 *
 * (the second line is one line). "Waiting" messages go to stderr.
 */
final class PlainView implements View {

  private final PrintStream out;
  private final PrintStream err;

  PlainView(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void show(Frame frame) {
    lines(frame).forEach(out::println);
    out.flush();
  }

  @Override
  public void waiting(String message) {
    err.println("top: " + message);
    err.flush();
  }

  @Override
  public void close() {
    out.flush();
  }

  /** The lines of one refresh. */
  static List<String> lines(Frame frame) {
    String prefix = "top: " + frame.at().truncatedTo(ChronoUnit.SECONDS) + " ";
    List<String> lines = new ArrayList<>();
    lines.add(prefix + "process status=" + frame.readiness().map(Readiness::status).orElse(Format.NONE)
        + " stopping=" + frame.readiness().map(r -> Boolean.toString(r.stopping())).orElse(Format.NONE));
    for (Row row : frame.rows()) {
      StringBuilder line = new StringBuilder(prefix).append(token(row.component()))
          .append(" in=").append(perSecond(Format.rate(row.in())))
          .append(" out=").append(perSecond(Format.rate(row.out())))
          .append(" inflight=").append(Format.count(row.inFlight()))
          .append(" lag=").append(Format.count(row.lag()))
          .append(" status=").append(row.status());
      if (row.stuckCount() > 0) {
        line.append(" stuck=").append(stuck(row));
      }
      if (!row.reason().isEmpty() && !"UP".equals(row.status())) {
        line.append(" reason=\"").append(row.reason().replace('"', '\'').replaceAll("\\s+", " ")).append('"');
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String perSecond(String rate) {
    return Format.NONE.equals(rate) ? rate : rate + "/s";
  }

  /** {@code key=k7@orders/3@1234:31s,key=k8@orders/1@7:12s}, and {@code +N} for the lanes not listed. */
  private static String stuck(Row row) {
    List<String> lanes = new ArrayList<>();
    for (Lane lane : row.stuck()) {
      lanes.add(token(lane.name()) + (lane.position().isEmpty() ? "" : "@" + token(lane.position())) + ":"
          + lane.noProgress().toSeconds() + "s");
    }
    if (row.stuckCount() > row.stuck().size()) {
      lanes.add("+" + (row.stuckCount() - row.stuck().size()));
    }
    return String.join(",", lanes);
  }

  /** A name as one field: whitespace becomes {@code _}. */
  private static String token(String s) {
    return s.isEmpty() ? Format.NONE : s.replaceAll("\\s", "_");
  }
}
