package io.tributary.cli.top;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code top} in a terminal: the screen is redrawn in place on every refresh (ANSI escapes: cursor home, each
 * line erased to its end, the rest of the screen erased), a row per component with its status in colour and,
 * under it, its stuck lanes in bold red and its slow lanes in yellow.
 */
final class AnsiView implements View {

  static final String RESET = "\033[0m";
  static final String BOLD = "\033[1m";
  static final String RED_BOLD = "\033[1;31m";
  static final String GREEN = "\033[32m";
  static final String YELLOW = "\033[33m";
  private static final String HOME = "\033[H";
  private static final String CLEAR_SCREEN = "\033[2J";
  private static final String ERASE_LINE = "\033[K";
  private static final String ERASE_BELOW = "\033[J";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
      .withZone(ZoneId.systemDefault());
  private static final int MIN_NAME = 24;
  /** The columns after the name: kind, four numbers, the status. */
  private static final int FIXED = 11 + 4 * 11 + 2 + 4;

  private final PrintStream out;
  private final Duration interval;
  private final int width;
  private Frame last;
  private boolean cleared;

  /**
   * @param out the terminal
   * @param interval the refresh interval, for the header
   * @param width the terminal's columns; lane and reason lines are cut to it
   */
  AnsiView(PrintStream out, Duration interval, int width) {
    this.out = out;
    this.interval = interval;
    this.width = Math.max(60, width);
  }

  @Override
  public void show(Frame frame) {
    last = frame;
    draw(screen(frame, null, interval, width));
  }

  @Override
  public void waiting(String message) {
    draw(last == null ? List.of(header(null, null, interval), YELLOW + message + RESET)
        : screen(last, message, interval, width));
  }

  @Override
  public void close() {
    out.print(RESET);
    out.flush();
  }

  private void draw(List<String> lines) {
    StringBuilder b = new StringBuilder();
    if (!cleared) {
      b.append(CLEAR_SCREEN);
      cleared = true;
    }
    b.append(HOME);
    for (String line : lines) {
      b.append(line).append(ERASE_LINE).append('\n');
    }
    b.append(ERASE_BELOW);
    out.print(b);
    out.flush();
  }

  /**
   * The screen of a frame, one string per line (with escapes, without the cursor movements).
   *
   * @param message a line under the header (the process stopped answering), or null
   */
  static List<String> screen(Frame frame, String message, Duration interval, int width) {
    int longest = frame.rows().stream().mapToInt(r -> r.component().length()).max().orElse(0);
    int name = Math.max(MIN_NAME, Math.min(longest, width - FIXED));
    String format = "%-" + name + "s %-10s %10s %10s %10s %10s  ";
    List<String> lines = new ArrayList<>();
    lines.add(header(frame, frame.url(), interval));
    lines.add(message == null ? "" : YELLOW + message + RESET);
    lines.add(BOLD + String.format(Locale.ROOT, format, "COMPONENT", "KIND", "IN/S", "OUT/S", "IN FLIGHT", "LAG")
        + "STATUS" + RESET);
    for (Row row : frame.rows()) {
      lines.add(String.format(Locale.ROOT, format, cut(row.component(), name), cut(row.kind(), 10),
          Format.rate(row.in()), Format.rate(row.out()), Format.count(row.inFlight()), Format.count(row.lag()))
          + colour(row.status()) + row.status() + RESET);
      for (Lane lane : row.stuck()) {
        lines.add(RED_BOLD + cut("  stuck " + describe(lane), width) + RESET);
      }
      if (row.stuckCount() > row.stuck().size()) {
        lines.add(RED_BOLD + "  ... and " + (row.stuckCount() - row.stuck().size()) + " more stuck lanes" + RESET);
      }
      for (Lane lane : row.slow()) {
        lines.add(YELLOW + cut("  slow  " + describe(lane), width) + RESET);
      }
      if (row.stuck().isEmpty() && row.slow().isEmpty() && !row.reason().isEmpty() && !"UP".equals(row.status())) {
        lines.add(colour(row.status()) + cut("  " + row.reason(), width) + RESET);
      }
    }
    if (frame.rows().isEmpty()) {
      lines.add("(no runner, hub or pipeline meters yet)");
    }
    return lines;
  }

  private static String header(Frame frame, String url, Duration interval) {
    StringBuilder b = new StringBuilder(BOLD).append("tributary top").append(RESET);
    if (url != null) {
      b.append("  ").append(url);
    }
    if (frame != null) {
      b.append("  ").append(TIME.format(frame.at())).append("  ready: ");
      String status = frame.readiness().map(Readiness::status).orElse(Format.NONE);
      b.append(colour(status)).append(status).append(RESET);
      if (frame.readiness().map(Readiness::stopping).orElse(false)) {
        b.append(YELLOW).append(" (stopping)").append(RESET);
      }
    }
    return b.append("  (every ").append(Format.duration(interval)).append(", Ctrl-C quits)").toString();
  }

  /** {@code key=k7 at orders/3@1234: no progress for 31 s, running (attempt 1, in flight 31 s), 12 behind it}. */
  static String describe(Lane lane) {
    StringBuilder b = new StringBuilder(lane.name());
    if (!lane.position().isEmpty()) {
      b.append(" at ").append(lane.position());
    }
    b.append(": no progress for ").append(Format.duration(lane.noProgress()));
    if (!lane.state().isEmpty()) {
      b.append(", ").append(lane.state());
    }
    if (!lane.inFlight().isZero()) {
      b.append(" (attempt ").append(lane.attempt()).append(", in flight for ")
          .append(Format.duration(lane.inFlight())).append(')');
    }
    if (lane.backlog() > 0) {
      b.append(", ").append(lane.backlog()).append(" waiting behind it");
    }
    return b.toString();
  }

  private static String colour(String status) {
    return switch (status) {
      case "UP" -> GREEN;
      case "SLOW" -> YELLOW;
      case "DOWN" -> RED_BOLD;
      default -> "";
    };
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
  }
}
