package io.tributary.streams.trace;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.Processing;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs message processing in the message's trace. Every runner calls its handler through {@link #traced},
 * so that inside the handler {@link TraceContext#current()} is the message's context and Tributary's
 * publishers continue the trace. With the OpenTelemetry API on the class path
 * ({@code io.opentelemetry:opentelemetry-api}), each call is also a span of its own, ended when the
 * handler's stage completes (with an error status when it failed); without it, the W3C headers pass on
 * unchanged and nothing else is required. System property {@code tributary.tracing.opentelemetry=false}
 * turns the spans off.
 */
public final class MessageTracing {

  private static final Logger log = LoggerFactory.getLogger(MessageTracing.class);

  private static final TracingBackend BACKEND = chooseBackend();

  private MessageTracing() {}

  private static TracingBackend chooseBackend() {
    if (!Boolean.parseBoolean(System.getProperty("tributary.tracing.opentelemetry", "true"))) {
      return new PlainBackend();
    }
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, MessageTracing.class.getClassLoader());
      TracingBackend backend = new OpenTelemetryBackend();
      log.debug("OpenTelemetry API present: a span per message processing");
      return backend;
    } catch (ClassNotFoundException | LinkageError e) {
      return new PlainBackend();
    }
  }

  static TracingBackend backend() {
    return BACKEND;
  }

  /** @return whether each processing is a span of its own (the OpenTelemetry API is present) */
  public static boolean spans() {
    return BACKEND instanceof OpenTelemetryBackend;
  }

  /**
   * Starts the processing of a message: end it with {@link ProcessingSpan#end}.
   *
   * @param headers the message's headers (its {@code traceparent} is the parent)
   * @param position where the message came from
   * @param system the messaging system ({@code kafka}, {@code rabbitmq}, {@code nats}), or {@code null}
   * @return the processing span
   */
  public static ProcessingSpan start(List<Header> headers, SourcePosition position, String system) {
    return BACKEND.start(headers, position, system);
  }

  /**
   * Wraps a handler so that each call runs in its message's trace (see the class comment). The handler's
   * stage is returned as it is, so the runner's fast path for completed futures stays; lane reports still
   * name the user's handler.
   *
   * @param handler the handler
   * @param system the messaging system, or {@code null}
   * @return the traced handler
   */
  public static <T, R> Function<Envelope<T>, CompletionStage<R>> traced(
      Function<Envelope<T>, ? extends CompletionStage<R>> handler, String system) {
    String name = Processing.handlerName(handler);
    return new Function<>() {
      @Override
      public CompletionStage<R> apply(Envelope<T> envelope) {
        return call(handler, envelope, system);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private static <T, R> CompletionStage<R> call(Function<Envelope<T>, ? extends CompletionStage<R>> handler,
      Envelope<T> envelope, String system) {
    ProcessingSpan span = BACKEND.start(envelope.headers(), envelope.position(), system);
    if (span == ProcessingSpan.NONE) {
      return handler.apply(envelope);
    }
    CompletionStage<R> stage;
    try (TraceScope scope = span.enter()) {
      stage = handler.apply(envelope);
    } catch (RuntimeException | Error e) {
      span.end(e);
      throw e;
    }
    if (stage == null) {
      span.end(new NullPointerException("handler returned null instead of a CompletionStage"));
    } else if (span.recording()) {
      // Inline like the runner's own callback: Pekko's stages would run it on a new thread otherwise.
      stage.whenCompleteAsync((value, error) -> span.end(unwrap(error)), Runnable::run);
    } else {
      span.end(null);
    }
    return stage;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
