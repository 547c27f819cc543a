package io.tributary.asyncapi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.api.MessageInfo;
import io.tributary.connectors.nats.NatsRunner;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.trace.TraceContext;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trace a producer started continues through a runner's handler into what the handler publishes: the
 * publisher adds the W3C context of the message being handled ({@link TraceContext#current()}); a message
 * without one yields output without one; a publication's own {@code traceparent} wins.
 */
class TracePropagationTest {

  @RegisterExtension
  static final NatsExtension nats = new NatsExtension();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("trace-propagation-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static String traceparent(int n) {
    return String.format("00-%032x-%016x-01", n + 1, n + 1);
  }

  @Test
  void what_a_handler_publishes_continues_the_trace_of_the_message_it_handles() throws Exception {
    NatsFixture fixture = nats.fixture();
    String in = fixture.streamName("TRACE_IN");
    String out = fixture.streamName("TRACE_OUT");
    fixture.createStream(in, in.toLowerCase());
    fixture.createStream(out, out.toLowerCase());
    int count = 30;
    for (int i = 0; i < count; i++) {
      if (i % 10 == 9) {
        fixture.publish(in.toLowerCase(), "m" + i); // no trace context
      } else {
        fixture.publish(in.toLowerCase(), "m" + i, "traceparent", traceparent(i), "tracestate", "vendor=" + i);
      }
    }
    try (NatsPublisher<String> publisher = NatsPublisher.create(system, fixture.url(), out.toLowerCase(),
        PayloadEncoder.text())) {
      NatsRunner<String> runner = NatsRunner.start(system,
          NatsSourceSettings.create(fixture.url(), in, "traced", PayloadDecoder.string()),
          ProcessingSettings.defaults().withParallelism(4),
          message -> message.payload().equals("m0")
              // a publication that names its own context keeps it
              ? publisher.send(Publication.of(out.toLowerCase(), "m0").withHeader("traceparent", traceparent(99)))
              : publisher.send(message.payload()));
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.messageCount(out) == count);
      } finally {
        runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
      }
    }
    Map<String, String> parents = new HashMap<>();
    Map<String, String> states = new HashMap<>();
    for (MessageInfo m : fixture.messages(out)) {
      String body = NatsFixture.text(m);
      parents.put(body, m.getHeaders() == null ? null : m.getHeaders().getFirst("traceparent"));
      states.put(body, m.getHeaders() == null ? null : m.getHeaders().getFirst("tracestate"));
    }
    assertThat(parents).hasSize(count);
    for (int i = 1; i < count; i++) {
      boolean traced = i % 10 != 9;
      assertThat(parents.get("m" + i)).as("m%d", i).isEqualTo(traced ? traceparent(i) : null);
      assertThat(states.get("m" + i)).as("m%d", i).isEqualTo(traced ? "vendor=" + i : null);
    }
    assertThat(parents.get("m0")).isEqualTo(traceparent(99));
    assertThat(states.get("m0")).isNull();
  }
}
