package io.tributary.streams.trace;

import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import java.util.List;
import java.util.Optional;

/**
 * Tracing without a tracing API: a message's W3C context passes through unchanged (the processing adds
 * no span of its own), current on the handler's thread while it is called.
 */
final class PlainBackend implements TracingBackend {

  private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

  static TraceScope makeCurrent(TraceContext context) {
    TraceContext before = CURRENT.get();
    CURRENT.set(context);
    return () -> {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    };
  }

  static Optional<TraceContext> threadContext() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  public ProcessingSpan start(List<Header> headers, SourcePosition position, String system) {
    if (headers.isEmpty()) {
      return ProcessingSpan.NONE; // the common case, without a scan
    }
    return TraceContext.fromHeaders(headers).<ProcessingSpan>map(Passed::new).orElse(ProcessingSpan.NONE);
  }

  @Override
  public Optional<TraceContext> current() {
    return threadContext();
  }

  /** A message's context, passed on. */
  private record Passed(TraceContext trace) implements ProcessingSpan {

    @Override
    public Optional<TraceContext> context() {
      return Optional.of(trace);
    }

    @Override
    public TraceScope enter() {
      return makeCurrent(trace);
    }

    @Override
    public void end(Throwable failure) {}

    @Override
    public boolean recording() {
      return false;
    }
  }
}
