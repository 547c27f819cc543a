package io.tributary.samples.demo;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * The demo's live progress: events/s, consumer lag and in-flight handlers. A redrawn progress bar
 * when stdout is a terminal, plain periodic lines when it is not (logs, CI).
 */
final class Progress {
  private static final int BAR = 30;

  private final Tally tally;
  private final LongSupplier lag;
  private final LongSupplier inFlight;
  private final boolean terminal;
  private final PrintStream out;
  private long lastCount;
  private long lastNanos = System.nanoTime();

  Progress(Tally tally, LongSupplier lag, LongSupplier inFlight, boolean terminal, PrintStream out) {
    this.tally = tally;
    this.lag = lag;
    this.inFlight = inFlight;
    this.terminal = terminal;
    this.out = out;
  }

  /** @return how often {@link #tick()} should run, in milliseconds */
  long intervalMillis() {
    return terminal ? 250 : 2_000;
  }

  synchronized void tick() {
    long now = System.nanoTime();
    long count = tally.processed();
    long rate = (count - lastCount) * 1_000_000_000L / Math.max(1, now - lastNanos);
    lastCount = count;
    lastNanos = now;
    long total = Math.max(1, tally.expected());
    if (terminal) {
      int filled = (int) Math.min(BAR, count * BAR / total);
      out.print("\r[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] "
          + String.format("%3d%% %,d/%,d  %,d events/s  lag=%,d  in-flight=%d   ",
              Math.min(100, count * 100 / total), count, tally.expected(), rate, lag.getAsLong(),
              inFlight.getAsLong()));
    } else {
      out.println("progress: processed=" + count + "/" + tally.expected() + " events_per_s=" + rate
          + " lag=" + lag.getAsLong() + " in_flight=" + inFlight.getAsLong());
    }
    out.flush();
  }

  /** Ends the bar's line. */
  synchronized void finish() {
    if (terminal) {
      tick();
      out.println();
    }
  }
}
