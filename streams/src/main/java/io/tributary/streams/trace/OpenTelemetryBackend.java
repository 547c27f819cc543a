package io.tributary.streams.trace;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tracing with the OpenTelemetry API: a span per message processing, child of the message's {@code
 * traceparent} (a new trace when it has none), named {@code <destination> process} with the messaging
 * attributes of OpenTelemetry's semantic conventions. The tracer is the global one ({@link
 * GlobalOpenTelemetry}): register the SDK before the first message. Loaded only when the API is present.
 */
final class OpenTelemetryBackend implements TracingBackend {

  /** The instrumentation scope of Tributary's spans. */
  static final String SCOPE = "io.tributary";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<List<Header>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(List<Header> carrier) {
      List<String> keys = new ArrayList<>(carrier.size());
      carrier.forEach(h -> keys.add(h.key()));
      return keys;
    }

    @Override
    public String get(List<Header> carrier, String key) {
      if (carrier == null) {
        return null;
      }
      for (int i = carrier.size() - 1; i >= 0; i--) {
        if (carrier.get(i).key().equalsIgnoreCase(key)) {
          return carrier.get(i).valueAsString();
        }
      }
      return null;
    }
  };

  @Override
  public ProcessingSpan start(List<Header> headers, SourcePosition position, String system) {
    // The root, not the thread's context: a message's trace is the one it carries, not the poller's.
    Context parent = headers.isEmpty() ? Context.root() : W3C.extract(Context.root(), headers, HEADERS);
    SpanBuilder builder = GlobalOpenTelemetry.getTracer(SCOPE)
        .spanBuilder(position.source() + " process")
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute("messaging.operation.type", "process")
        .setAttribute("messaging.destination.name", position.source())
        .setAttribute("messaging.destination.partition.id", String.valueOf(position.partition()))
        .setAttribute("tributary.position", position.offset());
    if (system != null) {
      builder.setAttribute("messaging.system", system);
    }
    Span span = builder.startSpan();
    return new Processing(span, parent.with(span));
  }

  @Override
  public Optional<TraceContext> current() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? contextOf(Context.current()) : PlainBackend.threadContext();
  }

  /** @return the W3C headers OpenTelemetry writes for {@code context}, as a trace context */
  private static Optional<TraceContext> contextOf(Context context) {
    Map<String, String> carrier = new HashMap<>(4);
    W3C.inject(context, carrier, Map::put);
    return TraceContext.parse(carrier.get(TraceContext.TRACEPARENT), carrier.get(TraceContext.TRACESTATE));
  }

  /** One processing span and the context it makes current. */
  private static final class Processing implements ProcessingSpan {

    private final Span span;
    private final Context context;
    private Optional<TraceContext> trace; // computed once, on first use

    Processing(Span span, Context context) {
      this.span = span;
      this.context = context;
    }

    @Override
    public synchronized Optional<TraceContext> context() {
      if (trace == null) {
        trace = span.getSpanContext().isValid() ? contextOf(context) : Optional.empty();
      }
      return trace;
    }

    @Override
    public TraceScope enter() {
      Scope scope = context.makeCurrent();
      return scope::close;
    }

    @Override
    public void end(Throwable failure) {
      if (failure != null) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
      }
      span.end();
    }

    @Override
    public boolean recording() {
      return span.isRecording();
    }
  }
}
