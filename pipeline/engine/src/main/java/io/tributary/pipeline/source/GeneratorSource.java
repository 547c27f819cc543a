package io.tributary.pipeline.source;

import io.tributary.pipeline.component.RateLimit;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.StoppableSource;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.envelope.Acknowledgement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Source {@code generator}: synthetic log or metric events ({@link SyntheticEvents}) at a rate,
 * endless or a fixed count, deterministic for a seed. For demos, load tests and tests.
 *
 * <pre>
 * sources { gen { type = generator, format = json_log, rate_per_s = 100, count = 1000, seed = 7 } }
 * </pre>
 */
public final class GeneratorSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "generator";

  private final SyntheticEvents.Format format;
  private final double ratePerSecond;
  private final OptionalLong count;
  private final long seed;
  private final Optional<Instant> startTime;
  private final long invalidEvery;

  private GeneratorSource(SyntheticEvents.Format format, double ratePerSecond, OptionalLong count, long seed,
      Optional<Instant> startTime, long invalidEvery) {
    this.format = format;
    this.ratePerSecond = ratePerSecond;
    this.count = count;
    this.seed = seed;
    this.startTime = startTime;
    this.invalidEvery = invalidEvery;
  }

  /** Reads the options: format, rate_per_s, count, seed, start_time, invalid_every. */
  public static GeneratorSource create(Options options) {
    String format = options.choice("format", "log", List.of("log", "json_log", "metric"));
    double rate = options.doubleValue("rate_per_s", 10, 0, true);
    OptionalLong count = options.optionalLong("count", 0);
    long seed = options.longValue("seed", 42, Long.MIN_VALUE);
    Optional<Instant> start = options.instant("start_time");
    long invalidEvery = options.longValue("invalid_every", 0, 0);
    if (invalidEvery > 0 && !format.equals("json_log")) {
      options.error("invalid_every", "applies to format json_log only; the format here is " + format);
    }
    return new GeneratorSource(SyntheticEvents.Format.of(format), rate, count, seed, start, invalidEvery);
  }

  @Override
  public FieldSet fields() {
    return SyntheticEvents.fields(format);
  }

  private SyntheticEvents events(Instant start) {
    Duration step = ratePerSecond > 0 ? Duration.ofNanos((long) (1e9 / ratePerSecond)) : Duration.ofMillis(1);
    return new SyntheticEvents(format, seed, start, step, invalidEvery);
  }

  @Override
  public RunningSource start(RunContext context) {
    Instant start = startTime.orElseGet(Instant::now);
    Source<Event, NotUsed> events = Source.fromIterator(() -> events(start));
    if (count.isPresent()) {
      events = events.take(count.getAsLong());
    }
    if (ratePerSecond > 0) {
      events = events.via(RateLimit.perSecond(ratePerSecond, 0).<Event>shaping());
    }
    DeliveryTracker tracker = context.tracker();
    return StoppableSource.of(context.component().name(),
        events.map(event -> tracker.open(event, Acknowledgement.NONE)));
  }
}
