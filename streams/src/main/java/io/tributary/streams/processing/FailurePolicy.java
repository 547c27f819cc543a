package io.tributary.streams.processing;

/** What the processing runner does with a message whose handler failed on every attempt. */
public enum FailurePolicy {
  /**
   * Writes the original message and the error to the dead-letter destination, then acknowledges
   * it; processing goes on. If the dead-letter write fails, the stream fails (the message is not
   * acknowledged, so it is processed again after a restart).
   */
  DEAD_LETTER,
  /** Logs the failure (WARN, with the position and the error), acknowledges, goes on. */
  SKIP,
  /** Fails the stream; the message is not acknowledged, so nothing past it is committed. */
  STOP
}
