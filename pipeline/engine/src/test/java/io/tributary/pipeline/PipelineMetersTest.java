package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.pipeline.TestComponents.CollectingSink;
import io.tributary.pipeline.TestComponents.RecordingSource;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.telemetry.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline's meters: source messages received and acknowledged, and per component events in and out,
 * dropped (a filter) and errors (parse_json's error output); removed when the pipeline is released.
 */
class PipelineMetersTest {

  private static final PipelineTestSystem test = new PipelineTestSystem();
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  static {
    Telemetry.get(test.system).addRegistry(registry);
  }

  @AfterAll
  static void stop() {
    test.close();
  }

  private static double count(String name, String component) {
    var search = registry.find(name).tag("pipeline", "test");
    if (component != null) {
      search = search.tag("component", component);
    }
    FunctionCounter c = search.functionCounter();
    return c == null ? Double.NaN : c.count();
  }

  @Test
  void components_count_events_in_and_out_drops_and_errors() throws Exception {
    List<Event> events = IntStream.range(0, 10).mapToObj(i -> Event.of(Map.of("x", i))).collect(Collectors.toList());
    RecordingSource source = new RecordingSource(events);
    CollectingSink kept = new CollectingSink();
    ComponentRegistry components = ComponentRegistry.defaults()
        .withSource("recorded", o -> source).withSink("collect", o -> kept);
    RunningPipeline running = test.start("sources { in { type = recorded } }\n"
        + "transforms {\n"
        + "  keep { type = filter, inputs = [in], condition = \"x >= 4\" }\n"
        + "  parse { type = parse_json, inputs = [in], field = message }\n"
        + "}\n"
        + "sinks { kept { type = collect, inputs = [keep] } }", components);
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.size() == 10);
    running.completion().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(count("tributary.pipeline.received", null)).isEqualTo(10);
    assertThat(count("tributary.pipeline.acknowledged", null)).isEqualTo(10);
    assertThat(registry.find("tributary.pipeline.in.flight").tag("pipeline", "test").gauge().value()).isZero();
    assertThat(count("tributary.pipeline.component.events.out", "in")).isEqualTo(10);
    assertThat(registry.find("tributary.pipeline.component.events.out").tag("component", "in").tag("kind", "source")
        .functionCounter()).isNotNull();
    assertThat(count("tributary.pipeline.component.events.in", "keep")).isEqualTo(10);
    assertThat(count("tributary.pipeline.component.events.out", "keep")).isEqualTo(6);
    assertThat(count("tributary.pipeline.component.dropped", "keep")).isEqualTo(4);
    assertThat(count("tributary.pipeline.component.events.in", "parse")).isEqualTo(10);
    assertThat(count("tributary.pipeline.component.errors", "parse")).isEqualTo(10); // no field 'message'
    assertThat(count("tributary.pipeline.component.events.in", "kept")).isEqualTo(6);
    assertThat(kept.received).hasSize(6);

    running.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(registry.find("tributary.pipeline.received").tag("pipeline", "test").meters()).isEmpty();
    assertThat(registry.find("tributary.pipeline.component.events.in").tag("pipeline", "test").meters()).isEmpty();
  }
}
