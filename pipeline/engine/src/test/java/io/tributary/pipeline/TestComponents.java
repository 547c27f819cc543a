package io.tributary.pipeline;

import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.StoppableSource;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** Components for tests: a source whose acknowledgements are recorded, and sinks that collect or hold events. */
final class TestComponents {

  private TestComponents() {}

  /** Emits the given events; acknowledging event i records i. */
  static final class RecordingSource implements SourceDefinition {
    final List<Event> events;
    final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

    RecordingSource(List<Event> events) {
      this.events = events;
    }

    @Override
    public FieldSet fields() {
      return FieldSet.open();
    }

    @Override
    public RunningSource start(RunContext context) {
      return StoppableSource.of(context.component().name(), Source.range(0, events.size() - 1)
          .map(i -> context.tracker().open(events.get(i), () -> acknowledged.add(i))));
    }
  }

  /** Accepts every event at once and keeps it. */
  static final class CollectingSink implements SinkDefinition {
    final List<Event> received = new CopyOnWriteArrayList<>();

    @Override
    public RunningSink start(RunContext context, List<String> inputs) {
      return RunningSink.of(Sink.foreach(d -> {
        received.add(d.event());
        d.done();
      }));
    }
  }

  /** Takes events but accepts them only when the test calls {@link #acceptAll()}: a very slow sink. */
  static final class HoldingSink implements SinkDefinition {
    final List<Delivery> held = new CopyOnWriteArrayList<>();

    @Override
    public RunningSink start(RunContext context, List<String> inputs) {
      return RunningSink.of(Sink.foreach(held::add));
    }

    void acceptAll() {
      held.forEach(Delivery::done);
    }
  }
}
