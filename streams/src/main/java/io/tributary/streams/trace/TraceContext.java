package io.tributary.streams.trace;

import io.tributary.streams.envelope.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A W3C Trace Context (<a href="https://www.w3.org/TR/trace-context/">trace-context</a>): the {@code
 * traceparent} header that names a trace and the span a message belongs to, and the vendors' {@code
 * tracestate} beside it. Tributary reads it from every source message (Kafka, AMQP and NATS headers) and
 * writes it on what it emits for that message, so a trace a producer started continues downstream.
 *
 * <p>Inside a handler, {@link #current()} is the context of the message being processed (the processing
 * span's when the OpenTelemetry API is present, see {@link MessageTracing}); the publishers and sinks
 * Tributary provides add it to what they send.
 *
 * @param traceparent the {@code traceparent} value, {@code version-traceid-parentid-flags}, validated
 * @param tracestate the {@code tracestate} value, empty when there is none
 */
public record TraceContext(String traceparent, String tracestate) {

  /** The header that names the trace and the parent span. */
  public static final String TRACEPARENT = "traceparent";

  /** The header of vendor-specific trace data, travelling with {@link #TRACEPARENT}. */
  public static final String TRACESTATE = "tracestate";

  /** The spec allows 32 list members of up to 256 characters each, and a little more. */
  private static final int MAX_TRACESTATE = 8192;

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException when {@code traceparent} is not a valid W3C {@code traceparent}
   */
  public TraceContext {
    Objects.requireNonNull(traceparent, "traceparent");
    if (!valid(traceparent)) {
      throw new IllegalArgumentException("not a W3C traceparent (version-traceid-parentid-flags, lowercase hex, "
          + "ids not all zero): " + abbreviate(traceparent));
    }
    tracestate = tracestate == null || tracestate.length() > MAX_TRACESTATE ? "" : tracestate.strip();
  }

  /**
   * @param traceparent a {@code traceparent} value, or {@code null}
   * @param tracestate a {@code tracestate} value, or {@code null}
   * @return the context, or empty when {@code traceparent} is absent or invalid (the spec says to start a new
   *     trace then, and to drop the {@code tracestate})
   */
  public static Optional<TraceContext> parse(String traceparent, String tracestate) {
    if (traceparent == null || !valid(traceparent.strip())) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(traceparent.strip(), tracestate));
  }

  /**
   * @param headers a message's headers, in broker order
   * @return the context they carry, or empty (no {@code traceparent}, or an invalid one)
   */
  public static Optional<TraceContext> fromHeaders(List<Header> headers) {
    String parent = null;
    String state = null;
    for (Header h : headers) { // the last one wins, as Envelope.header(...) reads headers
      if (h.key().equalsIgnoreCase(TRACEPARENT)) {
        parent = h.valueAsString();
      } else if (h.key().equalsIgnoreCase(TRACESTATE)) {
        state = state == null ? h.valueAsString() : state + "," + h.valueAsString(); // the spec joins them
      }
    }
    return parse(parent, state);
  }

  /**
   * @return the context of the message whose handler runs on this thread (set for the synchronous part of
   *     the call), or the current OpenTelemetry span's when the API is present; empty outside a handler
   */
  public static Optional<TraceContext> current() {
    return MessageTracing.backend().current();
  }

  /** @return the trace id, 32 lowercase hex digits */
  public String traceId() {
    return traceparent.substring(3, 35);
  }

  /** @return the id of the span the message belongs to (the parent of what processes it), 16 hex digits */
  public String spanId() {
    return traceparent.substring(36, 52);
  }

  /** @return whether the caller recorded the trace (the {@code sampled} flag) */
  public boolean sampled() {
    return (Character.digit(traceparent.charAt(54), 16) & 1) == 1;
  }

  /** @return the headers to write on an outgoing message: {@code traceparent}, and {@code tracestate} if any */
  public List<Header> headers() {
    List<Header> result = new ArrayList<>(2);
    result.add(Header.of(TRACEPARENT, traceparent));
    if (!tracestate.isEmpty()) {
      result.add(Header.of(TRACESTATE, tracestate));
    }
    return result;
  }

  /**
   * Makes this the {@link #current()} context of this thread until the scope closes (for work a handler
   * hands to another thread, so that what it sends there continues the trace).
   *
   * @return the scope; close it on the same thread
   */
  public TraceScope makeCurrent() {
    return PlainBackend.makeCurrent(this);
  }

  /** Version 00 has exactly four fields; a later version may append more after another {@code -}. */
  static boolean valid(String value) {
    int n = value.length();
    if (n < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return false;
    }
    if (!hex(value, 0, 2) || !hex(value, 3, 35) || !hex(value, 36, 52) || !hex(value, 53, 55)) {
      return false;
    }
    String version = value.substring(0, 2);
    if (version.equals("ff") || (version.equals("00") ? n != 55 : n > 55 && value.charAt(55) != '-')) {
      return false;
    }
    return !zeros(value, 3, 35) && !zeros(value, 36, 52);
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
