package io.tributary.cli.commands;

/**
 * A command could not do its work for a reason the user can act on (a broker that cannot be reached, a topic that
 * cannot be created). The command prints the message to stderr and exits non-zero; the message says what failed,
 * where, and what to check.
 */
public final class CommandFailedException extends RuntimeException {

  public CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
