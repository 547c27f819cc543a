package io.tributary.actors.hub.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.actors.hub.HubSettings;
import io.tributary.actors.hub.HubStats;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HubSourceTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<EventHub.Command<Integer>> hub(HubSettings settings, String topic, int capacity,
      Policy policy) {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create(settings));
    TestProbe<Done> created = testKit.createTestProbe(Done.class);
    hub.tell(new EventHub.CreateTopic<>(topic, capacity, policy, created.getRef()));
    created.expectMessage(Done.getInstance());
    return hub;
  }

  private static <R> R result(CompletionStage<R> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static HubPublisher<Integer> publisher(ActorRef<EventHub.Command<Integer>> hub, String topic)
      throws Exception {
    return result(AskPattern.<EventHub.Command<Integer>, HubPublisher<Integer>>ask(hub,
        replyTo -> new EventHub.GetPublisher<>(topic, replyTo), TIMEOUT, testKit.scheduler()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<StatusReply<Done>> confirmProbe() {
    return (TestProbe) testKit.createTestProbe(StatusReply.class);
  }

  @Test
  void a_hub_source_emits_every_value_published_after_its_subscription_answered() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults(), "t", 16, Policy.BACKPRESSURE);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<List<Integer>>> run =
        HubSource.create(hub, "t").take(1000).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    EventHub.Subscribed<Integer> subscribed = result(run.first());
    assertThat(subscribed.topic()).isEqualTo("t");
    // Straight into the channel, not through the hub's mailbox: only an active subscription sees it.
    HubPublisher<Integer> publisher = publisher(hub, "t");
    for (int i = 0; i < 1000; i++) {
      result(publisher.publish(i));
    }
    assertThat(result(run.second())).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
  }

  @Test
  void a_slow_backpressure_hub_source_holds_the_publishers_back_and_loses_nothing() throws Exception {
    int values = 200;
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults().withMaxBatch(2), "bp", 4,
        Policy.BACKPRESSURE);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, SinkQueueWithCancel<Integer>> run =
        HubSource.create(hub, "bp").toMat(Sink.queue(1), Keep.both()).run(testKit.system());
    result(run.first());
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < values; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("bp", i, confirm.getRef()));
    }
    // Nobody pulls: the topic fills, then the publishes wait for the stream.
    int accepted = 0;
    while (accepted < values) {
      try {
        confirm.expectMessage(Duration.ofMillis(500), StatusReply.ack());
        accepted++;
      } catch (AssertionError noMoreForNow) {
        break;
      }
    }
    assertThat(accepted).as("publishes accepted while the stream did not pull").isLessThan(40);
    List<Integer> got = new ArrayList<>();
    SinkQueueWithCancel<Integer> queue = run.second();
    while (got.size() < values) {
      Optional<Integer> next = result(queue.pull());
      assertThat(next).isPresent();
      got.add(next.get());
    }
    assertThat(got).containsExactlyElementsOf(IntStream.range(0, values).boxed().toList());
    confirm.receiveSeveralMessages(values - accepted, TIMEOUT);
    queue.cancel();
  }

  @Test
  void a_lagging_hub_source_shows_how_many_values_it_missed() throws Exception {
    int values = 100;
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults().withMaxBatch(2), "lag", 4, Policy.LAG);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, SinkQueueWithCancel<HubSource.Element<Integer>>> run =
        HubSource.<Integer>elements(hub, "lag", Policy.LAG).toMat(Sink.queue(1), Keep.both()).run(testKit.system());
    result(run.first());
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < values; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("lag", i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(values, TIMEOUT); // a LAG subscription never holds publishers back
    hub.tell(new EventHub.CloseTopic<>("lag"));
    List<Integer> seen = new ArrayList<>();
    long missed = 0;
    SinkQueueWithCancel<HubSource.Element<Integer>> queue = run.second();
    for (Optional<HubSource.Element<Integer>> next = result(queue.pull()); next.isPresent();
        next = result(queue.pull())) {
      if (next.get() instanceof HubSource.Lagged<Integer> lagged) {
        missed += lagged.missed();
      } else if (next.get() instanceof HubSource.Value<Integer> value) {
        seen.add(value.value());
      }
    }
    assertThat(missed).as("the stream was told it missed values").isPositive();
    assertThat(seen.size() + missed).as("every value is either seen or counted as missed").isEqualTo(values);
    assertThat(seen).isSorted().doesNotHaveDuplicates().contains(values - 1);
  }

  @Test
  void a_hub_source_completes_after_the_topic_closed_and_everything_was_emitted() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults(), "c", 8, Policy.BACKPRESSURE);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<List<Integer>>> run =
        HubSource.create(hub, "c").toMat(Sink.seq(), Keep.both()).run(testKit.system());
    result(run.first());
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < 5; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("c", i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(5, TIMEOUT);
    hub.tell(new EventHub.CloseTopic<>("c"));
    assertThat(result(run.second())).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void cancelling_a_hub_source_ends_its_subscription() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults(), "x", 2, Policy.BACKPRESSURE);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<List<Integer>>> run =
        HubSource.create(hub, "x").take(1).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    result(run.first());
    hub.tell(new EventHub.Publish<>("x", 7));
    assertThat(result(run.second())).containsExactly(7);
    TestProbe<HubStats> stats = testKit.createTestProbe(HubStats.class);
    await().atMost(TIMEOUT).until(() -> {
      hub.tell(new EventHub.GetStats<>(stats.getRef()));
      return stats.receiveMessage().topics().get("x").receivers().isEmpty();
    });
    // With the subscription gone, a full topic's worth and more goes through without a reader.
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < 10; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("x", i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(10, TIMEOUT);
  }

  @Test
  void a_hub_source_fails_when_the_hub_stops() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults(), "s", 8, Policy.BACKPRESSURE);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<Done>> run =
        HubSource.create(hub, "s").toMat(Sink.ignore(), Keep.both()).run(testKit.system());
    result(run.first());
    testKit.stop(hub);
    assertThatThrownBy(() -> result(run.second())).isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
  }

  @Test
  void every_materialization_is_a_subscription_of_its_own() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub(HubSettings.defaults(), "m", 8, Policy.BACKPRESSURE);
    Source<Integer, CompletionStage<EventHub.Subscribed<Integer>>> source = HubSource.create(hub, "m");
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<List<Integer>>> a =
        source.take(3).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<List<Integer>>> b =
        source.take(3).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    assertThat(result(a.first()).subscriber()).isNotEqualTo(result(b.first()).subscriber());
    for (int i = 0; i < 3; i++) {
      hub.tell(new EventHub.Publish<>("m", i));
    }
    assertThat(result(a.second())).containsExactly(0, 1, 2);
    assertThat(result(b.second())).containsExactly(0, 1, 2);
  }
}
