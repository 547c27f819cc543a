package io.tributary.cli.top;

import io.tributary.cli.commands.CommandFailedException;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code ./tributary top}: a live view of a running Tributary process, like {@code vector top}. Every interval it
 * scrapes the process's {@code /metrics} and {@code /health/ready} (served with {@code --metrics-port P} or
 * {@code Tributary.serveMetrics(port)}) and shows each runner, hub topic and subscriber, pipeline and pipeline
 * component: messages in and out per second (from the counters' deltas), in flight, lag, status, and the stuck
 * lanes by name (key, partition, offset, for how long).
 *
 * <p>In a terminal it redraws the screen (ANSI); when stdout is not a terminal it prints one line per component
 * and refresh ({@code top: <time> <component> in=<r>/s out=<r>/s inflight=N lag=N status=S ...}); {@code
 * --plain} and {@code --ansi} choose explicitly. {@code --once} prints one refresh (two scrapes an interval
 * apart, for the rates) and exits. While the process does not answer it prints {@code waiting for URL (why)}
 * and tries again; after {@code --wait} seconds without an answer it exits 2. Ctrl-C exits 0.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = {"A live view of a running Tributary process (served with --metrics-port P): per runner, hub "
        + "topic and subscriber, pipeline and pipeline component, messages in and out per second, in flight, "
        + "lag, status, and the stuck lanes by name.",
        "In a terminal the screen is redrawn every interval; otherwise one line per component and refresh: "
            + "top: <time> <component> in=<r>/s out=<r>/s inflight=N lag=N status=S [stuck=...] [reason=\"...\"]",
        "Exit codes: 0 (--once done, or Ctrl-C), 2 (the process did not answer for --wait seconds, or answered "
            + "something that is not Tributary's metrics)."})
public final class TopCommand implements Callable<Integer> {

  /** The exit code when the process cannot be reached or does not serve Tributary's metrics. */
  public static final int EXIT_UNREACHABLE = 2;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  @Spec
  private CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:9464", paramLabel = "URL",
      description = "The process's metrics address, as --metrics-port printed it (/metrics may be left out; "
          + "default: ${DEFAULT-VALUE}).")
  private String url;

  @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS",
      description = "Seconds between refreshes, decimals allowed (default: ${DEFAULT-VALUE}).")
  private double intervalSeconds;

  @Option(names = "--once",
      description = "Print one refresh and exit 0: two scrapes an interval apart, the rates between them.")
  private boolean once;

  @Option(names = "--wait", defaultValue = "10", paramLabel = "SECONDS",
      description = "How long to keep trying while the process does not answer, then exit 2 (0: give up at the "
          + "first failure; default: ${DEFAULT-VALUE}).")
  private double waitSeconds;

  @ArgGroup(exclusive = true)
  private Mode mode;

  /** {@code --plain} or {@code --ansi}: at most one. */
  static final class Mode {
    @Option(names = "--plain", required = true,
        description = "One line per component and refresh, even in a terminal.")
    boolean plain;

    @Option(names = "--ansi", required = true,
        description = "Redraw the screen with ANSI escapes, even when stdout is not a terminal.")
    boolean ansi;
  }

  /** Counted down by Ctrl-C (SIGINT) or SIGTERM. */
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() {
    if (!(intervalSeconds >= 0.1 && intervalSeconds <= 3600)) {
      throw new ParameterException(spec.commandLine(), "--interval must be 0.1..3600 seconds, got "
          + intervalSeconds);
    }
    if (!(waitSeconds >= 0 && waitSeconds <= 86_400)) {
      throw new ParameterException(spec.commandLine(), "--wait must be 0..86400 seconds, got " + waitSeconds);
    }
    URI base;
    try {
      base = Endpoint.base(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Duration interval = Duration.ofMillis(Math.round(intervalSeconds * 1000));
    PrintStream out = System.out;
    PrintStream err = System.err;
    boolean ansi = mode != null ? mode.ansi : isTerminal();
    Endpoint endpoint = new Endpoint(base);
    Runnable restoreSignals = once ? () -> { } : onSignals(Thread.currentThread());
    try (View view = ansi ? new AnsiView(out, interval, columns()) : new PlainView(out, err)) {
      Snapshot previous = null;
      while (true) {
        long started = System.nanoTime();
        Snapshot current = scrape(endpoint, view);
        if (!(once && previous == null)) {
          view.show(Rows.frame(base.toString(), previous, current));
          if (once) {
            return 0;
          }
        }
        previous = current;
        // Refreshes an interval apart, however long the scrape took (the rates use the scrapes' own times).
        pause(Duration.ofNanos(Math.max(0, interval.toNanos() - (System.nanoTime() - started))));
      }
    } catch (CommandFailedException e) {
      err.println("tributary top: " + e.getMessage());
      return EXIT_UNREACHABLE;
    } catch (InterruptedException e) {
      if (stop.getCount() > 0) {
        Thread.currentThread().interrupt(); // not ours: pass it on
        return 1;
      }
      return 0;
    } finally {
      restoreSignals.run();
      if (stop.getCount() == 0) {
        Thread.interrupted(); // the signal's interrupt may arrive after the loop ended
      }
    }
  }

  /**
   * Scrapes until the process answers; says once that it is waiting, and gives up after {@code --wait}.
   *
   * @throws CommandFailedException when it did not answer for {@code --wait}, or answered something else
   * @throws InterruptedException when Ctrl-C stopped the wait
   */
  private Snapshot scrape(Endpoint endpoint, View view) throws InterruptedException {
    long waitNanos = Math.round(waitSeconds * 1e9);
    long since = 0;
    boolean waiting = false;
    while (true) {
      checkStopped();
      try {
        return endpoint.scrape();
      } catch (IOException e) {
        String why = describe(e);
        if (!waiting) {
          waiting = true;
          since = System.nanoTime();
          if (waitNanos > 0) {
            view.waiting("waiting for " + endpoint.base() + " (" + why + ")");
          }
        }
        long waited = System.nanoTime() - since;
        if (waited >= waitNanos) {
          int port = endpoint.base().getPort();
          throw new CommandFailedException("cannot reach " + endpoint.base() + "/metrics (" + why + ")"
              + (waitNanos > 0 ? " for " + Format.duration(Duration.ofNanos(waited)) : "")
              + ": is the process running with --metrics-port" + (port > 0 ? " " + port : "")
              + "? Otherwise pass the address it printed ('metrics: http://...') with --url", e);
        }
        pause(Duration.ofNanos(Math.min(RETRY_PAUSE.toNanos(), waitNanos - waited)));
      }
    }
  }

  /** Waits for the next refresh; Ctrl-C ends the wait at once. */
  private void pause(Duration d) throws InterruptedException {
    if (stop.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("stopped");
    }
  }

  private void checkStopped() throws InterruptedException {
    if (stop.getCount() == 0) {
      throw new InterruptedException("stopped");
    }
  }

  /** Ctrl-C and SIGTERM end the view (exit 0); returns what restores the previous handlers. */
  private Runnable onSignals(Thread main) {
    List<Runnable> restore = new ArrayList<>();
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal signal = new Signal(name);
        SignalHandler previous = Signal.handle(signal, s -> {
          stop.countDown();
          main.interrupt(); // a scrape in progress ends now
        });
        restore.add(() -> Signal.handle(signal, previous));
      } catch (IllegalArgumentException e) {
        // this platform does not have the signal: Ctrl-C ends the JVM as usual
      }
    }
    return () -> restore.forEach(Runnable::run);
  }

  /** Why a scrape failed, in a few words. */
  private static String describe(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within 2 s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within 5 s";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Whether stdout is an interactive terminal (on JDK 22+ a console may exist without one). */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17..21: a console means a terminal
    }
  }

  /** The terminal's width from {@code $COLUMNS} when exported, else 120. */
  private static int columns() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").strip());
    } catch (NumberFormatException e) {
      return 120;
    }
  }
}
