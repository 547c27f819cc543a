package io.tributary.asyncapi.maven;

/** A describer that cannot be loaded, is not a describer, or failed; the message says which and why. */
final class DescriberException extends Exception {

  private static final long serialVersionUID = 1L;

  DescriberException(String message) {
    super(message);
  }

  DescriberException(String message, Throwable cause) {
    super(message, cause);
  }
}
