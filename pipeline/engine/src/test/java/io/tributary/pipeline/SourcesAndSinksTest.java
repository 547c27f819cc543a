package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.TestComponents.CollectingSink;
import io.tributary.pipeline.component.PipelineStartException;
import io.tributary.pipeline.event.Event;
import io.tributary.pipeline.source.StdinSource;
import io.tributary.pipeline.source.SyntheticEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources and sinks that need no broker. */
class SourcesAndSinksTest {

  private static final PipelineTestSystem test = new PipelineTestSystem();

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    test.close();
  }

  @Test
  void the_generator_is_deterministic_for_a_seed() {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (SyntheticEvents.Format format : SyntheticEvents.Format.values()) {
      SyntheticEvents a = new SyntheticEvents(format, 7, start, Duration.ofMillis(10), 3);
      SyntheticEvents b = new SyntheticEvents(format, 7, start, Duration.ofMillis(10), 3);
      for (int i = 0; i < 50; i++) {
        Event e = a.next();
        assertThat(e).isEqualTo(b.next());
        assertThat(e.fields().keySet()).containsExactlyInAnyOrderElementsOf(SyntheticEvents.fields(format).names());
      }
    }
    Event first = new SyntheticEvents(SyntheticEvents.Format.LOG, 7, start, Duration.ofMillis(10), 0).next();
    assertThat(first.get("timestamp")).isEqualTo("2024-01-01T00:00:00.000Z");
    assertThat(first.get("level")).isIn("debug", "info", "warn", "error");
  }

  @Test
  void a_generator_with_a_count_ends_and_the_file_sink_writes_json_lines() throws Exception {
    Path file = dir.resolve("sub/out.json");
    RunningPipeline running = test.start("sources { gen { type = generator, rate_per_s = 0, count = 25, seed = 3,"
        + " start_time = \"2024-01-01T00:00:00Z\" } }\n"
        + "sinks { out { type = file, inputs = [gen], path = \"" + file + "\" } }", ComponentRegistry.defaults());
    running.completion().toCompletableFuture().get(20, TimeUnit.SECONDS);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(25);
    SyntheticEvents expected = new SyntheticEvents(SyntheticEvents.Format.LOG, 3,
        Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMillis(1), 0);
    for (String line : lines) {
      assertThat(Event.fromJson(line)).isEqualTo(expected.next());
    }
  }

  @Test
  void the_file_sink_appends_unless_told_not_to() throws Exception {
    Path file = dir.resolve("out.json");
    Files.writeString(file, "{\"old\":true}\n");
    String config = "sources { gen { type = generator, rate_per_s = 0, count = 2 } }\n"
        + "sinks { out { type = file, inputs = [gen], path = \"" + file + "\", append = %s } }";
    test.start(String.format(config, "true"), ComponentRegistry.defaults()).completion().toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    assertThat(Files.readAllLines(file)).hasSize(3);
    test.start(String.format(config, "false"), ComponentRegistry.defaults()).completion().toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void a_sink_that_cannot_open_its_file_fails_the_start_naming_the_component() throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    assertThatThrownBy(() -> test.start("sources { gen { type = generator, count = 1 } }\n"
        + "sinks { out { type = file, inputs = [gen], path = \"" + blocker.resolve("out.json") + "\" } }",
        ComponentRegistry.defaults()))
        .isInstanceOf(PipelineStartException.class)
        .hasMessageStartingWith("sinks.out: cannot open " + blocker.resolve("out.json"));
    assertThatThrownBy(() -> test.start("sources { in { type = file, path = \"" + dir.resolve("missing.log")
        + "\" } }\nsinks { out { type = stdout, inputs = [in] } }", ComponentRegistry.defaults()))
        .isInstanceOf(PipelineStartException.class)
        .hasMessage("sources.in: cannot read " + dir.resolve("missing.log")
            + " (no such file; with follow = true the source waits for it)");
  }

  @Test
  void the_file_source_reads_every_line_including_a_last_one_without_newline() throws Exception {
    Path log = dir.resolve("in.log");
    Files.writeString(log, "one\r\ntwo\n\nthree");
    CollectingSink out = new CollectingSink();
    test.start("sources { in { type = file, path = \"" + log + "\" } }\n"
        + "sinks { out { type = collect, inputs = [in] } }", ComponentRegistry.defaults()
        .withSink("collect", o -> out)).completion().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(out.received).extracting(e -> e.get("message")).containsExactly("one", "two", "", "three");
    assertThat(out.received).extracting(e -> e.get("offset")).containsExactly(0L, 5L, 9L, 10L);
    assertThat(out.received.get(0).get("file")).isEqualTo(log.toString());
  }

  @Test
  void the_file_source_follows_appended_lines_and_a_truncated_file() throws Exception {
    Path log = dir.resolve("follow.log");
    Files.writeString(log, "a\n");
    CollectingSink out = new CollectingSink();
    RunningPipeline running = test.start("sources { in { type = file, path = \"" + log + "\", follow = true,"
        + " poll_interval_ms = 20 } }\n"
        + "sinks { out { type = collect, inputs = [in] } }", ComponentRegistry.defaults()
        .withSink("collect", o -> out));
    await().atMost(Duration.ofSeconds(10)).until(() -> out.received.size() == 1);
    Files.writeString(log, "b\npartial", StandardOpenOption.APPEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> out.received.size() == 2);
    Files.writeString(log, " line\n", StandardOpenOption.APPEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> out.received.size() == 3);
    Files.writeString(log, "new\n"); // truncated and rewritten
    await().atMost(Duration.ofSeconds(10)).until(() -> out.received.size() == 4);
    assertThat(out.received).extracting(e -> e.get("message")).containsExactly("a", "b", "partial line", "new");
    running.stopIntake().toCompletableFuture().get(5, TimeUnit.SECONDS);
    running.completion().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void the_stdin_source_reads_lines_until_the_input_ends_and_stdout_prints_json_lines() throws Exception {
    ByteArrayInputStream input = new ByteArrayInputStream("{\"a\":1}\nnot json\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(printed, true, StandardCharsets.UTF_8);
    ComponentRegistry registry = ComponentRegistry.defaults()
        .withSource("stdin", o -> new StdinSource(() -> input, 1024));
    test.start("sources { in { type = stdin } }\n"
        + "transforms { p { type = parse_json, inputs = [in] } }\n"
        + "sinks { out { type = stdout, inputs = [p, p._errors] } }", registry, stdout)
        .completion().toCompletableFuture().get(20, TimeUnit.SECONDS);
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).containsExactlyInAnyOrder("{\"message\":\"{\\\"a\\\":1}\",\"a\":1}",
        "{\"message\":\"not json\",\"error\":\"parse_json: invalid JSON: Unrecognized token 'not': was expecting "
            + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') at column 4\"}");
  }

  @Test
  void console_stats_prints_counts_per_input_and_a_final_line() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(printed, true, StandardCharsets.UTF_8);
    test.start("sources { gen { type = generator, rate_per_s = 0, count = 40 } }\n"
        + "transforms { r { type = route, inputs = [gen], route { errors = \"level == 'error'\" } } }\n"
        + "sinks { stats { type = console_stats, inputs = [gen, r._unmatched], interval_s = 60 } }",
        ComponentRegistry.defaults(), stdout).completion().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("stats[stats] done after ").contains(" gen=40 (").contains(" r._unmatched=");
  }

  @Test
  void events_published_to_a_hub_topic_reach_a_pipeline_subscribed_to_it() throws Exception {
    ActorRef<EventHub.Command<Event>> hub = test.newHub();
    CollectingSink out = new CollectingSink();
    ComponentRegistry registry = ComponentRegistry.defaults().withSink("collect", o -> out);
    RunningPipeline subscriber = PipelineTestSystem.parse("sources { logs { type = hub, topic = logs } }\n"
        + "sinks { out { type = collect, inputs = [logs] } }", registry).start(test.system, hub, System.out);
    RunningPipeline publisher = PipelineTestSystem.parse("sources { gen { type = generator, rate_per_s = 0,"
        + " count = 100 } }\nsinks { logs { type = hub, inputs = [gen], topic = logs } }", registry)
        .start(test.system, hub, System.out);
    publisher.completion().toCompletableFuture().get(20, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> out.received.size() == 100);
    List<Object> seqs = new ArrayList<>();
    out.received.forEach(e -> seqs.add(e.get("seq")));
    assertThat(seqs).isEqualTo(LongStream.range(0, 100).boxed().toList());
    subscriber.stopIntake().toCompletableFuture().get(5, TimeUnit.SECONDS);
    subscriber.completion().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
