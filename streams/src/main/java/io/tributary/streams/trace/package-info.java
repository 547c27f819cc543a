/**
 * W3C Trace Context through Tributary: {@link io.tributary.streams.trace.TraceContext} read from each
 * source message's {@code traceparent}/{@code tracestate} headers and written on what is emitted for it;
 * {@link io.tributary.streams.trace.MessageTracing} runs each handler call in the message's context, and
 * in a span of its own when the OpenTelemetry API is on the class path.
 */
package io.tributary.streams.trace;
