package io.tributary.pipeline.event;

import io.tributary.streams.envelope.Acknowledgement;

/**
 * The end-to-end countdown under its former name.
 *
 * @deprecated moved to the streams module, in a form not tied to pipeline events: use {@link
 *     io.tributary.streams.envelope.AckCountdown}. This alias behaves the same.
 */
@Deprecated(since = "0.1.0")
public final class AckCountdown extends io.tributary.streams.envelope.AckCountdown {

  /**
   * @param acknowledgement acknowledges the message at its source
   * @param onDone runs once, right after the acknowledgement (for counters)
   */
  public AckCountdown(Acknowledgement acknowledgement, Runnable onDone) {
    super(acknowledgement, onDone);
  }
}
