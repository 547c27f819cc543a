package io.tributary.streams.trace;

import java.util.Optional;

/**
 * The processing of one message, as a trace sees it: the context what is emitted for the message
 * continues, a scope that makes it current while the handler is called, and an end. With the
 * OpenTelemetry API present it is a span (kind {@code CONSUMER}, child of the message's {@code
 * traceparent}); without it, the message's own context passed on unchanged. Started by {@link
 * MessageTracing#start}; ended exactly once.
 */
public interface ProcessingSpan {

  /** The processing of a message that carries no trace context, with no tracing API present. */
  ProcessingSpan NONE = new ProcessingSpan() {
    @Override
    public Optional<TraceContext> context() {
      return Optional.empty();
    }

    @Override
    public TraceScope enter() {
      return TraceScope.NONE;
    }

    @Override
    public void end(Throwable failure) {}

    @Override
    public boolean recording() {
      return false;
    }
  };

  /** @return the context to write on what is emitted for the message, if any */
  Optional<TraceContext> context();

  /** @return a scope in which {@link TraceContext#current()} is {@link #context()}; close it on this thread */
  TraceScope enter();

  /**
   * Ends the processing.
   *
   * @param failure why it failed, or {@code null} when it succeeded
   */
  void end(Throwable failure);

  /** @return whether {@link #end} records anything (callers skip waiting for the outcome otherwise) */
  boolean recording();
}
