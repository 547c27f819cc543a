package io.tributary.streams.trace;

/**
 * While open, a trace context is the current one of this thread (see {@link TraceContext#current()});
 * closing restores the one before. Close it on the thread that opened it, in a try-with-resources.
 */
@FunctionalInterface
public interface TraceScope extends AutoCloseable {

  /** A scope that changed nothing. */
  TraceScope NONE = () -> {};

  /** Restores the context that was current before. */
  @Override
  void close();
}
