package io.tributary.streams.envelope;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges one source message once every branch that holds it is done with it: use it when a
 * message fans out to several sinks (or drops out on some branches) and must be acknowledged only
 * after the last one. It starts with one reference (the source's); a fan-out to {@code n}
 * consumers {@link #retain retains} {@code n - 1} more before it hands the message on, and every
 * consumer {@link #release releases} one when it is done: a sink that accepted the message, a
 * filter that dropped it, an output nobody reads. The last release acknowledges the message at its
 * source (letting a Kafka offset advance). Thread-safe.
 *
 * <p>Not meant for extension: it is open only so that the pipeline's former {@code AckCountdown}
 * can remain as a deprecated alias.
 */
public class AckCountdown {

  private static final Logger log = LoggerFactory.getLogger(AckCountdown.class);
  private static final Runnable NOTHING = () -> {};

  private final AtomicInteger references = new AtomicInteger(1);
  private final Acknowledgement acknowledgement;
  private final Runnable onDone;

  /**
   * A countdown with one reference.
   *
   * @param acknowledgement acknowledges the message at its source
   * @param onDone runs once, right after the acknowledgement (for counters)
   */
  public AckCountdown(Acknowledgement acknowledgement, Runnable onDone) {
    this.acknowledgement = Objects.requireNonNull(acknowledgement, "acknowledgement");
    this.onDone = Objects.requireNonNull(onDone, "onDone");
  }

  /**
   * A countdown with one reference and nothing to run after the acknowledgement.
   *
   * @param acknowledgement acknowledges the message at its source
   */
  public AckCountdown(Acknowledgement acknowledgement) {
    this(acknowledgement, NOTHING);
  }

  /**
   * @return the source's acknowledgement this countdown ends in (a sink that adds to what the message produces, as
   *     an exactly-once Kafka sink does, reaches its source's handle through it)
   */
  public final Acknowledgement acknowledgement() {
    return acknowledgement;
  }

  /**
   * Adds {@code n} references before the message is handed to {@code n} more consumers.
   *
   * @param n the consumers added (at least 0)
   * @throws IllegalArgumentException when {@code n} is negative
   */
  public final void retain(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if (n > 0 && references.getAndAdd(n) <= 0) {
      log.error("retain({}) after the message was already acknowledged: a fan-out bug", n);
    }
  }

  /** Drops one reference; the last one acknowledges the message at its source. */
  public final void release() {
    int left = references.decrementAndGet();
    if (left == 0) {
      acknowledgement.ack();
      onDone.run();
    } else if (left < 0) {
      log.error("released more often than retained: a fan-out bug");
    }
  }

  /** @return references still held (0 once acknowledged) */
  public final int references() {
    return Math.max(0, references.get());
  }

  /** @return whether the message was acknowledged */
  public final boolean isDone() {
    return references.get() <= 0;
  }
}
