package io.tributary.asyncapi.runtime;

import java.time.Duration;

/**
 * No reply to a request came within its timeout: no replier runs, it is slow, or its reply went
 * elsewhere. A reply that comes later is dropped.
 */
public final class ReplyTimeoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Duration timeout;

  /**
   * @param message which request, where to, and how long it waited
   * @param timeout how long it waited
   */
  public ReplyTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  /** @return how long the request waited for its reply */
  public Duration timeout() {
    return timeout;
  }
}
