package io.tributary.asyncapi.runtime;

/**
 * A send a {@link Publisher} did not take: it is closed, its broker stream failed (the cause), or it
 * stayed full longer than {@link PublisherSettings#maxBlock()}. The message says which and what to do.
 */
public final class PublishRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   * @param cause the broker stream's failure, or null
   */
  public PublishRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
