package io.tributary.asyncapi.runtime;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.trace.TraceContext;
import java.util.Objects;
import java.util.Optional;

/**
 * The replier's side of request/reply, for generated runners of {@code receive} operations with a
 * {@code reply}: where a reply goes, and the reply itself, keyed and correlated like its request so that
 * a {@link Requester} (or another requester that reads {@link Publication#CORRELATION_HEADER}) matches it.
 */
public final class Replies {

  private Replies() {}

  /**
   * @param request the request
   * @param header the request header that names the reply address ({@code address.location})
   * @return the reply address
   * @throws IllegalArgumentException when the request has no such header (the request is then retried and
   *     dead-lettered as the runner's processing settings say)
   */
  public static String addressFromHeader(Envelope<?> request, String header) {
    return request.header(header).orElseThrow(() -> new IllegalArgumentException("the request has no header '"
        + header + "' naming where the reply goes"));
  }

  /**
   * @param request the request
   * @return its correlation id: the header {@link Publication#CORRELATION_HEADER}
   */
  public static Optional<String> correlationId(Envelope<?> request) {
    return request.header(Publication.CORRELATION_HEADER);
  }

  /**
   * The reply to {@code request}: to {@code address}, with the request's key, correlation id and trace context.
   *
   * @param request the request
   * @param address where the reply goes
   * @param payload the reply's payload
   * @param correlationId the request's correlation id ({@link #correlationId}, {@link
   *     AmqpPublisher#correlationId} on RabbitMQ)
   * @param <R> the reply payload type
   * @return the publication of the reply
   */
  public static <R> Publication<R> to(Envelope<?> request, String address, R payload,
      Optional<String> correlationId) {
    Objects.requireNonNull(correlationId, "correlationId");
    Publication<R> reply = Publication.of(address, payload);
    // the trace continues: the processing's context when built in the handler's call, else the request's own
    Optional<TraceContext> trace = TraceContext.current().or(() -> TraceContext.fromHeaders(request.headers()));
    if (trace.isPresent()) {
      reply = reply.withTraceContext(trace.get());
    }
    if (request.key() != null) {
      reply = reply.withKey(request.key());
    }
    return correlationId.isPresent() ? reply.withHeader(Publication.CORRELATION_HEADER, correlationId.get()) : reply;
  }
}
