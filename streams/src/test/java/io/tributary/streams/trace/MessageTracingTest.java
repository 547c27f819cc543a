package io.tributary.streams.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With the OpenTelemetry API and an SDK registered (as a host would), each handler call is a span. */
class MessageTracingTest {

  static final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @BeforeAll
  static void registerSdk() {
    GlobalOpenTelemetry.resetForTest();
    OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .buildAndRegisterGlobal();
  }

  @AfterAll
  static void unregister() {
    GlobalOpenTelemetry.resetForTest();
  }

  @BeforeEach
  void clear() {
    spans.reset();
  }

  static Envelope<String> message(Header... headers) {
    return new Envelope<>("k", "v", List.of(headers), Instant.now(), new SourcePosition("orders", 2, 41),
        Acknowledgement.NONE, null, null);
  }

  @Test
  void aSpanPerCallChildOfTheMessagesParentAndCurrentInTheHandler() {
    assertTrue(MessageTracing.spans());
    AtomicReference<Optional<TraceContext>> seen = new AtomicReference<>();
    CompletableFuture<String> later = new CompletableFuture<>();
    Function<Envelope<String>, CompletionStage<String>> handler = MessageTracing.traced(e -> {
      seen.set(TraceContext.current());
      return later;
    }, "kafka");

    handler.apply(message(Header.of("traceparent", TraceContextTest.PARENT), Header.of("tracestate", "x=1")));
    assertEquals(Optional.empty(), TraceContext.current(), "the scope closed with the call");
    assertTrue(spans.getFinishedSpanItems().isEmpty(), "the span lasts until the handler's stage completes");
    later.complete("done");

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertEquals("orders process", span.getName());
    assertEquals(SpanKind.CONSUMER, span.getKind());
    assertEquals("0af7651916cd43dd8448eb211c80319c", span.getTraceId());
    assertEquals("b7ad6b7169203331", span.getParentSpanId());
    assertEquals("kafka", span.getAttributes().get(AttributeKey.stringKey("messaging.system")));
    assertEquals("2", span.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id")));
    TraceContext inHandler = seen.get().orElseThrow();
    assertEquals(span.getTraceId(), inHandler.traceId());
    assertEquals(span.getSpanId(), inHandler.spanId(), "what the handler emits is a child of the processing span");
    assertEquals("x=1", inHandler.tracestate());
  }

  @Test
  void aFailedStageOrAThrowingHandlerMarksTheSpan() {
    MessageTracing.<String, String>traced(e -> CompletableFuture.failedFuture(new IllegalStateException("no")),
        "nats").apply(message());
    try {
      MessageTracing.<String, String>traced(e -> {
        throw new IllegalArgumentException("bad");
      }, "nats").apply(message());
    } catch (IllegalArgumentException expected) {
      // the runner sees the throw as before
    }
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(2, ended.size());
    for (SpanData s : ended) {
      assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
      assertFalse(s.getParentSpanContext().isValid(), "no traceparent: a new trace");
      assertEquals(1, s.getEvents().size(), "the exception is recorded");
    }
  }

  @Test
  void theWrapperKeepsTheHandlersName() {
    Function<Envelope<String>, CompletionStage<String>> named = new Function<>() {
      @Override
      public CompletionStage<String> apply(Envelope<String> e) {
        return CompletableFuture.completedFuture(e.payload());
      }

      @Override
      public String toString() {
        return "billing";
      }
    };
    assertEquals("billing", MessageTracing.traced(named, "kafka").toString());
  }
}
