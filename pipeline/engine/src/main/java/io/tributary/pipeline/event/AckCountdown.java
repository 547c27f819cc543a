package io.tributary.pipeline.event;

import io.tributary.streams.envelope.Acknowledgement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges one source message once every branch of the pipeline that holds it is done with
 * it. It starts with one reference (the source's); a fan-out to {@code n} consumers {@link
 * #retain retains} {@code n - 1} more before it hands the event on, and every consumer {@link
 * #release releases} one when it is done — a sink that accepted the event, a filter or sample that
 * dropped it, an output nobody consumes. The last release acknowledges the source message
 * (letting a Kafka offset advance). Thread-safe.
 */
public final class AckCountdown {

  private static final Logger log = LoggerFactory.getLogger(AckCountdown.class);

  private final AtomicInteger references = new AtomicInteger(1);
  private final Acknowledgement acknowledgement;
  private final Runnable onDone;

  /**
   * @param acknowledgement acknowledges the message at its source
   * @param onDone runs once, right after the acknowledgement (for counters)
   */
  public AckCountdown(Acknowledgement acknowledgement, Runnable onDone) {
    this.acknowledgement = acknowledgement;
    this.onDone = onDone;
  }

  /** Adds {@code n} references before the event is handed to {@code n} more consumers. */
  public void retain(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if (n > 0 && references.getAndAdd(n) <= 0) {
      log.error("retain({}) after the message was already acknowledged: a pipeline bug", n);
    }
  }

  /** Drops one reference; the last one acknowledges the message at its source. */
  public void release() {
    int left = references.decrementAndGet();
    if (left == 0) {
      acknowledgement.ack();
      onDone.run();
    } else if (left < 0) {
      log.error("released more often than retained: a pipeline bug");
    }
  }

  /** @return references still held (0 once acknowledged) */
  public int references() {
    return Math.max(0, references.get());
  }

  /** @return whether the message was acknowledged */
  public boolean isDone() {
    return references.get() <= 0;
  }
}
