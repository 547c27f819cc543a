package io.tributary.streams.trace;

import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import java.util.List;
import java.util.Optional;

/** How processing spans are made: OpenTelemetry's when its API is present, else W3C headers passed on. */
interface TracingBackend {

  /** @return the processing span of a message with {@code headers} from {@code position} */
  ProcessingSpan start(List<Header> headers, SourcePosition position, String system);

  /** @return the context current on this thread, if any */
  Optional<TraceContext> current();
}
