package io.tributary.cluster.workers;

/**
 * A keyed worker's handler failed; the message is the failure as the worker's node described it
 * (the exception itself stays on that node: it may not cross).
 */
public final class KeyedWorkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the work's key
   * @param failure the failure, as text
   */
  public KeyedWorkException(String key, String failure) {
    super("the worker of key '" + key + "' failed: " + failure);
    this.key = key;
  }

  /** @return the work's key */
  public String key() {
    return key;
  }
}
