package io.tributary.asyncapi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.describe.ChannelDescription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publisher machinery over a flow whose acknowledgements the test releases: sends in flight are
 * bounded, a closed or failed publisher refuses sends clearly.
 */
class StreamPublisherTest {

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("stream-publisher-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** A publisher whose "broker" acknowledges when {@code gate} completes. */
  private static final class Gated extends StreamPublisher<String, String> {
    Gated(PublisherSettings settings, CompletableFuture<Done> gate) {
      super(system, "test-publisher[t]", "t", settings, p -> p.payload(),
          Flow.<Pending<String>>create().mapAsync(64, p -> gate.thenApply(d -> p)), () -> {});
    }

    Gated(PublisherSettings settings, Flow<Pending<String>, Pending<String>, NotUsed> flow) {
      super(system, "test-publisher[t]", "t", settings, p -> p.payload(), flow, () -> {});
    }

    @Override
    public List<ChannelDescription> describe() {
      return List.of();
    }
  }

  @Test
  void sends_beyond_max_in_flight_wait_for_room_then_fail_clearly() throws Exception {
    CompletableFuture<Done> gate = new CompletableFuture<>();
    Gated publisher = new Gated(PublisherSettings.defaults().withMaxInFlight(2).withMaxBlock(Duration.ofMillis(200)),
        gate);
    CompletionStage<Done> first = publisher.send("a");
    CompletionStage<Done> second = publisher.send("b");
    assertThat(publisher.inFlight()).isEqualTo(2);
    long started = System.nanoTime();
    CompletionStage<Done> third = publisher.send("c");
    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    assertThatThrownBy(() -> third.toCompletableFuture().get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(PublishRejectedException.class)
        .hasMessageContaining("test-publisher[t] is full: 2 sends await their acknowledgement and none completed "
            + "within 200 ms");
    assertThat(first.toCompletableFuture().isDone()).isFalse();

    gate.complete(Done.getInstance());
    first.toCompletableFuture().get(5, TimeUnit.SECONDS);
    second.toCompletableFuture().get(5, TimeUnit.SECONDS);
    publisher.send("d").toCompletableFuture().get(5, TimeUnit.SECONDS);
    publisher.close();
  }

  @Test
  void a_closed_publisher_refuses_sends_after_acknowledging_those_in_flight() throws Exception {
    CompletableFuture<Done> gate = new CompletableFuture<>();
    Gated publisher = new Gated(PublisherSettings.defaults(), gate);
    CompletionStage<Done> inFlight = publisher.send("a");
    CompletionStage<Done> closed = publisher.closeAsync();
    assertThatThrownBy(() -> publisher.send("b").toCompletableFuture().get(1, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PublishRejectedException.class)
        .hasMessageContaining("test-publisher[t] is closed; create a new publisher to send more");
    gate.complete(Done.getInstance());
    inFlight.toCompletableFuture().get(5, TimeUnit.SECONDS);
    closed.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void a_failed_stream_fails_the_open_sends_with_its_error_and_refuses_later_ones() throws Exception {
    CompletableFuture<Done> never = new CompletableFuture<>();
    Gated publisher = new Gated(PublisherSettings.defaults(), Flow.<StreamPublisher.Pending<String>>create()
        .mapAsync(4, p -> p.message.equals("boom")
            ? CompletableFuture.<StreamPublisher.Pending<String>>failedFuture(new IllegalStateException("broker said no"))
            : never.thenApply(d -> p)));
    CompletionStage<Done> waiting = publisher.send("a");
    CompletionStage<Done> failing = publisher.send("boom");
    assertThatThrownBy(() -> failing.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasRootCauseMessage("broker said no");
    assertThatThrownBy(() -> waiting.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasRootCauseMessage("broker said no");
    assertThatThrownBy(() -> publisher.send("later").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(PublishRejectedException.class)
        .hasMessageContaining("test-publisher[t] failed: broker said no; create a new publisher to send more");
    assertThat(publisher.inFlight()).isZero();
  }
}
