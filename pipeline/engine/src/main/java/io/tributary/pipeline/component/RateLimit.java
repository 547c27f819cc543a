package io.tributary.pipeline.component;

import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A rate in events per second (fractions allowed, down to 0.001/s) as the parameters of Pekko's
 * {@code throttle}, with a burst: after a pause up to {@code burst} events pass at once.
 *
 * @param elements events per {@code per}
 * @param per the period
 * @param burst the bucket size
 */
public record RateLimit(int elements, Duration per, int burst) {

  /**
   * @param ratePerSecond events per second, &gt; 0
   * @param burst the burst, or 0 for the default: a tenth of a second's worth, at least 1
   */
  public static RateLimit perSecond(double ratePerSecond, int burst) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
    }
    long seconds = 1;
    while (seconds < 1000 && Math.abs(ratePerSecond * seconds - Math.rint(ratePerSecond * seconds)) > 1e-9) {
      seconds *= 10;
    }
    int elements = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(ratePerSecond * seconds)));
    int b = burst > 0 ? burst : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(ratePerSecond / 10)));
    return new RateLimit(elements, Duration.ofSeconds(seconds), b);
  }

  /** @return a flow that holds elements back to this rate (backpressure, nothing dropped) */
  public <T> Flow<T, T, NotUsed> shaping() {
    return Flow.<T>create().throttle(elements, per, burst, ThrottleMode.shaping());
  }

  /** @return the rate in events per second */
  public double perSecond() {
    return elements / (per.toNanos() / 1e9);
  }
}
