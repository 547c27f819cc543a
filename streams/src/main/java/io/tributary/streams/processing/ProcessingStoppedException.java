package io.tributary.streams.processing;

import io.tributary.streams.envelope.SourcePosition;

/**
 * Fails the stream under {@link FailurePolicy#STOP}, or when a dead-letter write fails: the named
 * message was not acknowledged, so nothing past it is committed and it is processed again after a
 * restart.
 */
public final class ProcessingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient SourcePosition position;

  /** @param position the message that could not be processed */
  public ProcessingStoppedException(String message, SourcePosition position, Throwable cause) {
    super(message + " (message " + position + ")", cause);
    this.position = position;
  }

  /** @return the message that could not be processed */
  public SourcePosition position() {
    return position;
  }
}
