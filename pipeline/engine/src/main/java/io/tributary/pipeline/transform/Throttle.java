package io.tributary.pipeline.transform;

import io.tributary.pipeline.component.RateLimit;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Transform {@code throttle}: limits the events passing to {@code rate_per_s}, with bursts of up
 * to {@code burst} after a pause. In {@code mode = backpressure} (the default) it holds events
 * back, which slows the sources down: nothing is lost and a Kafka source simply consumes slower.
 * In {@code mode = drop} it drops what exceeds the rate (dropped events are done, and counted in
 * the stop report).
 */
public final class Throttle implements TransformDefinition {

  /** The type name in configs. */
  public static final String TYPE = "throttle";

  private final RateLimit limit;
  private final boolean drop;
  private final AtomicLong dropped = new AtomicLong();

  /**
   * @param limit the rate and burst
   * @param drop whether to drop what exceeds the rate instead of holding it back
   */
  public Throttle(RateLimit limit, boolean drop) {
    this.limit = limit;
    this.drop = drop;
  }

  /** Reads the options: rate_per_s, burst, mode. */
  public static Throttle create(Options options) {
    if (!options.has("rate_per_s")) {
      options.error("rate_per_s", "missing (required for type 'throttle')");
    }
    double rate = options.doubleValue("rate_per_s", -1, 0, false);
    long burst = options.longValue("burst", 0, 1);
    if (burst > Integer.MAX_VALUE) {
      options.error("burst", "must be <= " + Integer.MAX_VALUE + ", was " + burst);
    }
    String mode = options.choice("mode", "backpressure", List.of("backpressure", "drop"));
    return rate <= 0 ? null : new Throttle(RateLimit.perSecond(rate, (int) Math.min(Integer.MAX_VALUE, burst)),
        mode.equals("drop"));
  }

  @Override
  public FieldSet outputFields(String output, FieldSet input) {
    return input;
  }

  @Override
  public Flow<Delivery, Delivery, NotUsed> flow(RunContext context) {
    if (!drop) {
      return limit.shaping();
    }
    TokenBucket bucket = new TokenBucket(limit.perSecond(), limit.burst(), System::nanoTime);
    return Flow.<Delivery>create().mapConcat(delivery -> {
      if (bucket.tryTake()) {
        return List.of(delivery);
      }
      dropped.incrementAndGet();
      context.counters().onDropped();
      delivery.done();
      return List.of();
    });
  }

  @Override
  public String report() {
    return drop ? "dropped=" + dropped.get() : "";
  }
}
