package io.tributary.cli.top;

/** Where {@code top} shows its frames: a redrawn terminal screen or a stream of lines. */
interface View extends AutoCloseable {

  /** Shows one refresh. */
  void show(Frame frame);

  /**
   * Says that the process does not answer (once per episode, until the next {@link #show}).
   *
   * @param message e.g. {@code waiting for http://127.0.0.1:9464 (connection refused)}
   */
  void waiting(String message);

  /** Leaves the output tidy (attributes reset, cursor below the screen); no exception. */
  @Override
  void close();
}
