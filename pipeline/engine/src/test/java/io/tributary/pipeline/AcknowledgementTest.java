package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.pipeline.TestComponents.CollectingSink;
import io.tributary.pipeline.TestComponents.HoldingSink;
import io.tributary.pipeline.TestComponents.RecordingSource;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.event.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end acknowledgement: a source message is acknowledged only once every sink that received
 * it accepted it; what transforms drop or route nowhere is acknowledged too.
 */
class AcknowledgementTest {

  private static final PipelineTestSystem test = new PipelineTestSystem();

  @AfterAll
  static void stop() {
    test.close();
  }

  private static List<Event> events(int n) {
    return IntStream.range(0, n).mapToObj(i -> Event.of(Map.of("x", i))).collect(Collectors.toList());
  }

  private static Set<Integer> range(int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive).boxed().collect(Collectors.toSet());
  }

  @Test
  void a_message_broadcast_to_a_fast_and_a_slow_sink_is_acknowledged_only_after_both_accepted() throws Exception {
    RecordingSource source = new RecordingSource(events(5));
    CollectingSink fast = new CollectingSink();
    HoldingSink slow = new HoldingSink();
    ComponentRegistry registry = ComponentRegistry.defaults()
        .withSource("recorded", o -> source).withSink("collect", o -> fast).withSink("hold", o -> slow);
    RunningPipeline running = test.start("sources { in { type = recorded } }\n"
        + "sinks { fast { type = collect, inputs = [in] }\n slow { type = hold, inputs = [in] } }", registry);

    await().atMost(Duration.ofSeconds(10)).until(() -> fast.received.size() == 5 && slow.held.size() == 5);
    assertThat(source.acknowledged).as("the fast sink accepted all, the slow one nothing yet").isEmpty();
    assertThat(running.inFlight()).isEqualTo(5);

    slow.held.get(2).done();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.equals(Set.of(2)));
    slow.acceptAll();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.size() == 5);
    running.completion().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(running.inFlight()).isZero();
    assertThat(running.acknowledged()).isEqualTo(5);
  }

  @Test
  void events_filtered_out_sampled_out_or_routed_to_no_sink_are_acknowledged() {
    RecordingSource source = new RecordingSource(events(10));
    CollectingSink kept = new CollectingSink();
    HoldingSink big = new HoldingSink();
    ComponentRegistry registry = ComponentRegistry.defaults()
        .withSource("recorded", o -> source).withSink("collect", o -> kept).withSink("hold", o -> big);
    test.start("sources { in { type = recorded } }\n"
        + "transforms {\n"
        + "  keep { type = filter, inputs = [in], condition = \"x >= 5\" }\n"
        + "  half { type = sample, inputs = [keep], rate = 2 }\n"
        + "  r { type = route, inputs = [in], route { big = \"x > 7\" } }\n"
        + "}\n"
        + "sinks { kept { type = collect, inputs = [half] }\n big { type = hold, inputs = [r.big] } }", registry);

    // 0-4: filtered out, and unmatched by the route (no reader); 5, 7: sampled in and collected;
    // 6: sampled out; 8, 9: held by the "big" sink until it accepts them.
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.equals(range(0, 8)));
    assertThat(kept.received).extracting(e -> e.get("x")).containsExactly(5L, 7L, 9L);
    assertThat(big.held).hasSize(2);
    big.acceptAll();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.equals(range(0, 10)));
  }

  @Test
  void an_event_reaching_one_sink_on_two_routes_is_acknowledged_after_both_copies_were_accepted() {
    RecordingSource source = new RecordingSource(events(3));
    HoldingSink sink = new HoldingSink();
    ComponentRegistry registry = ComponentRegistry.defaults()
        .withSource("recorded", o -> source).withSink("hold", o -> sink);
    test.start("sources { in { type = recorded } }\n"
        + "transforms { r { type = route, inputs = [in], route { a = \"x >= 1\", b = \"x >= 2\" } } }\n"
        + "sinks { out { type = hold, inputs = [r.a, r.b, r._unmatched] } }", registry);

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.held.size() == 4); // 0 unmatched, 1 on a, 2 on a and b
    sink.held.stream().filter(d -> d.event().get("x").equals(2L)).findFirst().orElseThrow().done();
    sink.held.stream().filter(d -> !d.event().get("x").equals(2L)).forEach(d -> d.done());
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.equals(Set.of(0, 1)));
    sink.held.stream().filter(d -> d.event().get("x").equals(2L)).skip(1).findFirst().orElseThrow().done();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.acknowledged.equals(Set.of(0, 1, 2)));
  }

  @Test
  void a_failing_sink_fails_the_pipeline_and_its_events_stay_unacknowledged() {
    RecordingSource source = new RecordingSource(events(3));
    ComponentRegistry registry = ComponentRegistry.defaults()
        .withSource("recorded", o -> source)
        .withSink("broken", o -> (context, inputs) -> RunningSink.of(Sink.foreach(d -> {
          throw new IllegalStateException("disk full");
        })));
    RunningPipeline running = test.start("sources { in { type = recorded } }\n"
        + "sinks { out { type = broken, inputs = [in] } }", registry);

    await().atMost(Duration.ofSeconds(10)).until(() -> running.completion().toCompletableFuture().isDone());
    assertThat(running.completion().toCompletableFuture()).isCompletedExceptionally();
    assertThat(source.acknowledged).isEmpty();
  }
}
