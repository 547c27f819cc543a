package io.tributary.pipeline.sink;

import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Sink {@code console_stats}: counts the events of each input and prints, every {@code
 * interval_s} seconds, one line to the standard output with the count and rate per input since the
 * last line and in total; a final line when the pipeline ends. Events are accepted as soon as they
 * are counted.
 *
 * <pre>
 * stats[stats] +10.0s errors_only=8 (0.8/s, total 8) parse._errors=2 (0.2/s, total 2)
 * stats[stats] done after 12.3s: errors_only=10 (0.8/s) parse._errors=3 (0.2/s)
 * </pre>
 */
public final class ConsoleStatsSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "console_stats";

  private final double intervalSeconds;

  private ConsoleStatsSink(double intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  /** Reads the options: interval_s. */
  public static ConsoleStatsSink create(Options options) {
    return new ConsoleStatsSink(options.doubleValue("interval_s", 10, 0.01, true));
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    return new Running(context, inputs, Duration.ofMillis(Math.round(intervalSeconds * 1000)));
  }

  /** The counters of one run. */
  private static final class Running implements RunningSink {
    private final RunContext context;
    private final String name;
    private final Duration interval;
    private final PrintStream out;
    private final Map<String, LongAdder> counts = new LinkedHashMap<>();
    private final Map<String, Long> lastCounts = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long lastPrint = started;

    Running(RunContext context, List<String> inputs, Duration interval) {
      this.context = context;
      this.name = context.component().name();
      this.interval = interval;
      this.out = context.stdout();
      for (String input : inputs) {
        counts.put(input, new LongAdder());
        lastCounts.put(input, 0L);
      }
    }

    @Override
    public Flow<Delivery, Delivery, NotUsed> edge(String input) {
      LongAdder count = counts.get(input);
      return Flow.<Delivery>create().map(d -> {
        count.increment();
        return d;
      });
    }

    @Override
    public Sink<Delivery, CompletionStage<Done>> sink() {
      return Sink.<Delivery>foreach(Delivery::done).mapMaterializedValue(done -> {
        Cancellable ticker = context.system().scheduler().scheduleAtFixedRate(interval, interval,
            this::printInterval, context.system().executionContext());
        return done.whenComplete((d, error) -> {
          ticker.cancel();
          printFinal();
        });
      });
    }

    private synchronized void printInterval() {
      long now = System.nanoTime();
      double seconds = (now - lastPrint) / 1e9;
      StringBuilder line = new StringBuilder();
      line.append("stats[").append(name).append("] +").append(format(seconds)).append('s');
      counts.forEach((input, count) -> {
        long total = count.sum();
        long delta = total - lastCounts.get(input);
        lastCounts.put(input, total);
        line.append(' ').append(input).append('=').append(delta)
            .append(" (").append(format(delta / seconds)).append("/s, total ").append(total).append(')');
      });
      lastPrint = now;
      out.println(line);
    }

    private synchronized void printFinal() {
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      StringBuilder line = new StringBuilder();
      line.append("stats[").append(name).append("] done after ").append(format(seconds)).append("s:");
      counts.forEach((input, count) -> {
        long total = count.sum();
        line.append(' ').append(input).append('=').append(total)
            .append(" (").append(format(total / seconds)).append("/s)");
      });
      out.println(line);
      out.flush();
    }

    private static String format(double value) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
  }
}
