package io.tributary.asyncapi.runtime;

import io.tributary.streams.trace.TraceContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message for a {@link Publisher}: where it goes, its key, its payload and its headers. A publisher adds
 * the W3C trace context of the message being handled on the sending thread ({@link TraceContext#current()}),
 * so a trace continues through a handler into what it publishes.
 *
 * @param address the Kafka topic, the AMQP routing key (the queue, through the default exchange), the NATS
 *     subject
 * @param key the message key: the Kafka record key; the header {@link #KEY_HEADER} for AMQP and NATS
 *     (what their sources read with {@code withKeyFromHeader} / {@code withKeyHeader})
 * @param payload the payload
 * @param headers headers, in order (text values)
 * @param <T> the payload type
 */
public record Publication<T>(String address, Optional<String> key, T payload, Map<String, String> headers) {

  /** The header that carries the key on brokers without record keys (NATS' default key header). */
  public static final String KEY_HEADER = "Tributary-Key";

  /**
   * The header that correlates a reply with its request: a {@link Requester} sets it on each request, a
   * generated replier copies it onto the reply (on AMQP the {@code correlation_id} property mirrors it).
   */
  public static final String CORRELATION_HEADER = "Tributary-Correlation-Id";

  /** Checks and copies. */
  public Publication {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * @param address where it goes
   * @param payload the payload
   * @param <T> the payload type
   * @return a publication without key and headers
   */
  public static <T> Publication<T> of(String address, T payload) {
    return new Publication<>(address, Optional.empty(), payload, Map.of());
  }

  /** @return a copy with this key */
  public Publication<T> withKey(String newKey) {
    return new Publication<>(address, Optional.of(newKey), payload, headers);
  }

  /** @return a copy with one more header (replacing one of that name) */
  public Publication<T> withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Publication<>(address, key, payload, copy);
  }

  /**
   * @param trace a trace context
   * @return a copy that continues {@code trace}: its {@code traceparent} (and {@code tracestate}) headers
   */
  public Publication<T> withTraceContext(TraceContext trace) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    trace.headers().forEach(h -> copy.put(h.key(), h.valueAsString()));
    return new Publication<>(address, key, payload, copy);
  }

  /**
   * @return this publication continuing the trace current on this thread ({@link TraceContext#current()}: the
   *     message a handler processes), unless it carries a {@code traceparent} of its own or none is current
   */
  Publication<T> withCurrentTrace() {
    if (headers.containsKey(TraceContext.TRACEPARENT)) {
      return this;
    }
    Optional<TraceContext> current = TraceContext.current();
    return current.isPresent() ? withTraceContext(current.get()) : this;
  }
}
