package io.tributary.streams.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceContextTest {

  static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void readsTheW3cExampleAndItsParts() {
    TraceContext c = TraceContext.parse(PARENT, "congo=t61rcWkgMzE").orElseThrow();
    assertEquals("0af7651916cd43dd8448eb211c80319c", c.traceId());
    assertEquals("b7ad6b7169203331", c.spanId());
    assertTrue(c.sampled());
    assertEquals(List.of("traceparent=" + PARENT, "tracestate=congo=t61rcWkgMzE"),
        c.headers().stream().map(Header::toString).toList());
  }

  @Test
  void refusesWhatTheSpecCallsInvalid() {
    for (String bad : List.of("", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", // uppercase
        "00-00000000000000000000000000000000-b7ad6b7169203331-01", // zero trace id
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", // zero span id
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", // forbidden version
        PARENT + "-extra", // version 00 has four fields
        "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01")) {
      assertEquals(Optional.empty(), TraceContext.parse(bad, "a=b"), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> new TraceContext("nonsense", null));
    // a later version may carry more fields
    assertTrue(TraceContext.parse("01" + PARENT.substring(2) + "-more", null).isPresent());
  }

  @Test
  void headersGiveTheLastParentAndJoinStates() {
    List<Header> headers = List.of(Header.of("TraceParent", "00-11111111111111111111111111111111-2222222222222222-00"),
        Header.of("tracestate", "a=1"), Header.of("traceparent", PARENT), Header.of("tracestate", "b=2"));
    TraceContext c = TraceContext.fromHeaders(headers).orElseThrow();
    assertEquals(PARENT, c.traceparent());
    assertEquals("a=1,b=2", c.tracestate());
    assertEquals(Optional.empty(), TraceContext.fromHeaders(List.of(Header.of("tracestate", "a=1"))));
  }

  @Test
  void withoutATracingApiTheContextPassesUnchangedAndIsCurrentInTheScope() {
    PlainBackend plain = new PlainBackend();
    SourcePosition at = new SourcePosition("orders", 0, 7);
    assertTrue(plain.start(List.of(), at, "kafka") == ProcessingSpan.NONE);
    ProcessingSpan span = plain.start(List.of(Header.of("traceparent", PARENT)), at, "kafka");
    assertFalse(span.recording());
    assertEquals(Optional.empty(), plain.current());
    try (TraceScope scope = span.enter()) {
      assertEquals(PARENT, plain.current().orElseThrow().traceparent());
    }
    assertEquals(Optional.empty(), plain.current());
  }
}
