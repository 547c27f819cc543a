package io.tributary.faults;

import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import io.tributary.testkit.TestEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A pipeline sink of the suite, fed by the pipeline's {@code kafka} source: it writes each event's line to a
 * {@link ProcessedLog} and only then accepts the event. {@link #stall()} makes it take nothing more until
 * {@link #resume()}, as a sink whose destination hangs. It remembers, per partition, the offset after the last
 * event it took: the group must never commit past that.
 */
final class StallableLogSink implements SinkDefinition {

  private static final Pattern EVENT = Pattern.compile("\\{\"id\":(\\d+),\"key\":\"([^\"]*)\",\"seq\":(\\d+)}");

  private final ProcessedLog log;
  private final String instance;
  private final AtomicReference<CompletableFuture<Void>> gate =
      new AtomicReference<>(CompletableFuture.completedFuture(null));
  private final Map<Long, Long> nextOffsets = new ConcurrentHashMap<>();

  StallableLogSink(ProcessedLog log, String instance) {
    this.log = log;
    this.instance = instance;
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    // One event at a time through the gate: while it is closed, the event at the gate waits and the stream
    // backpressures behind it.
    return RunningSink.of(Flow.<Delivery>create()
        .mapAsync(1, d -> gate.get().thenApply(open -> d))
        .toMat(Sink.foreach(this::take), Keep.right()));
  }

  private void take(Delivery delivery) throws IOException {
    Event event = delivery.event();
    Matcher m = EVENT.matcher(String.valueOf(event.get("message")));
    if (!m.matches()) {
      throw new IllegalStateException("not an event of the workload: " + event.get("message"));
    }
    log.append(new TestEvent(Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3))), instance);
    long partition = ((Number) event.get("partition")).longValue();
    long offset = ((Number) event.get("offset")).longValue();
    nextOffsets.merge(partition, offset + 1, Math::max);
    delivery.done();
  }

  /** Takes nothing more until {@link #resume()}. */
  void stall() {
    gate.compareAndSet(gate.get(), new CompletableFuture<>());
  }

  /** Takes events again, beginning with the one that waited at the gate. */
  void resume() {
    gate.get().complete(null);
  }

  /** @return per partition, the offset after the last event taken (partitions it took nothing from are absent) */
  Map<Long, Long> nextOffsets() {
    return new TreeMap<>(nextOffsets);
  }
}
