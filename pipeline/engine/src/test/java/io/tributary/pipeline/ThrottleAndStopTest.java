package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.pipeline.TestComponents.CollectingSink;
import io.tributary.pipeline.TestComponents.RecordingSource;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.lifecycle.Lifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttle (backpressure and drop) and the graceful stop of an endless pipeline. */
class ThrottleAndStopTest {

  private static final PipelineTestSystem test = new PipelineTestSystem();

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    test.close();
  }

  @Test
  void throttle_holds_events_back_to_the_rate_and_loses_none() throws Exception {
    CollectingSink out = new CollectingSink();
    ComponentRegistry registry = ComponentRegistry.defaults().withSink("collect", o -> out);
    long started = System.nanoTime();
    RunningPipeline running = test.start("sources { gen { type = generator, rate_per_s = 0, count = 30 } }\n"
        + "transforms { slow { type = throttle, inputs = [gen], rate_per_s = 20, burst = 1 } }\n"
        + "sinks { out { type = collect, inputs = [slow] } }", registry);
    running.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(out.received).extracting(e -> e.get("seq"))
        .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> (Object) (long) i).toList());
    assertThat(millis).as("30 events at 20/s take about 1.5 s").isGreaterThanOrEqualTo(1200);
    assertThat(running.acknowledged()).isEqualTo(30);
  }

  @Test
  void throttle_in_drop_mode_drops_the_excess_and_acknowledges_it() throws Exception {
    RecordingSource source = new RecordingSource(IntStream.range(0, 200)
        .mapToObj(i -> Event.of(Map.of("i", i))).collect(Collectors.toList()));
    CollectingSink out = new CollectingSink();
    ComponentRegistry registry = ComponentRegistry.defaults()
        .withSource("recorded", o -> source).withSink("collect", o -> out);
    RunningPipeline running = test.start("sources { in { type = recorded } }\n"
        + "transforms { few { type = throttle, inputs = [in], rate_per_s = 1, burst = 5, mode = drop } }\n"
        + "sinks { out { type = collect, inputs = [few] } }", registry);
    running.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(out.received.size()).isBetween(5, 10);
    assertThat(source.acknowledged).hasSize(200);
    assertThat(running.release().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .contains("few: dropped=" + (200 - out.received.size()));
  }

  @Test
  void stopping_an_endless_pipeline_drains_it_and_every_received_event_is_written_and_acknowledged()
      throws Exception {
    Path file = dir.resolve("out.json");
    RunningPipeline running = test.start("sources { gen { type = generator, rate_per_s = 500 } }\n"
        + "sinks { out { type = file, inputs = [gen], path = \"" + file + "\" } }", ComponentRegistry.defaults());
    Lifecycle.Registration registration = Lifecycle.register(test.system, running, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.readAllLines(file).size() >= 100);

    String report = registration.stop().toCompletableFuture().get(20, TimeUnit.SECONDS);
    running.completion().toCompletableFuture().get(1, TimeUnit.SECONDS);
    long lines = Files.readAllLines(file).size();
    assertThat(report).isEqualTo("events=" + lines + " acknowledged=" + lines + " in-flight=0");
    assertThat(running.received()).isEqualTo(lines);
  }
}
