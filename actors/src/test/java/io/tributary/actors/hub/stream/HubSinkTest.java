package io.tributary.actors.hub.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubSettings;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HubSinkTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<EventHub.Command<Integer>> hub(String topic, int capacity) {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create(HubSettings.defaults()));
    TestProbe<Done> created = testKit.createTestProbe(Done.class);
    hub.tell(new EventHub.CreateTopic<>(topic, capacity, Policy.BACKPRESSURE, created.getRef()));
    created.expectMessage(Done.getInstance());
    return hub;
  }

  private static <R> R result(CompletionStage<R> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<EventHub.Notification<Integer>> subscriberProbe() {
    return (TestProbe) testKit.createTestProbe(EventHub.Notification.class);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<EventHub.Subscribed<Integer>> subscribedProbe() {
    return (TestProbe) testKit.createTestProbe(EventHub.Subscribed.class);
  }

  @Test
  void a_hub_sink_publishes_every_element_in_order_through_a_small_topic() throws Exception {
    int values = 20_000;
    ActorRef<EventHub.Command<Integer>> hub = hub("t", 8);
    Pair<CompletionStage<EventHub.Subscribed<Integer>>, CompletionStage<List<Integer>>> reader =
        HubSource.create(hub, "t").take(values).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    result(reader.first());
    CompletionStage<Done> written = Source.range(0, values - 1).runWith(HubSink.create(hub, "t"), testKit.system());
    result(written);
    assertThat(result(reader.second())).containsExactlyElementsOf(IntStream.range(0, values).boxed().toList());
  }

  @Test
  void a_hub_sink_acknowledges_an_envelope_only_once_its_payload_is_in_the_topic() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub("acks", 2);
    TestProbe<EventHub.Notification<Integer>> slow = subscriberProbe();
    TestProbe<EventHub.Subscribed<Integer>> subscribed = subscribedProbe();
    hub.tell(new EventHub.Subscribe<>("acks", slow.getRef(), Policy.BACKPRESSURE, subscribed.getRef()));
    subscribed.expectMessageClass(EventHub.Subscribed.class);
    AtomicInteger acknowledged = new AtomicInteger();
    int values = 50;
    CompletionStage<Done> written = Source.range(0, values - 1)
        .map(i -> new Envelope<>(null, i, List.of(), Instant.now(), new SourcePosition("in", 0, i),
            acknowledged::incrementAndGet, null, null))
        .runWith(HubSink.envelopes(hub, "acks"), testKit.system());
    // The subscriber holds its first batch unacknowledged: the topic fills and the sink waits.
    @SuppressWarnings("unchecked")
    EventHub.Events<Integer> first = slow.expectMessageClass(EventHub.Events.class);
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> acknowledged.get() < 10);
    assertThat(written.toCompletableFuture().isDone()).isFalse();
    int received = first.values().size();
    first.ack();
    while (received < values) {
      @SuppressWarnings("unchecked")
      EventHub.Events<Integer> events = slow.expectMessageClass(EventHub.Events.class, TIMEOUT);
      received += events.values().size();
      events.ack();
    }
    result(written);
    assertThat(acknowledged.get()).isEqualTo(values);
  }

  @Test
  void a_hub_sink_fails_when_its_topic_is_closed() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hub("closed", 8);
    hub.tell(new EventHub.CloseTopic<>("closed"));
    CompletionStage<Done> written = Source.range(0, 9).runWith(HubSink.create(hub, "closed"), testKit.system());
    assertThatThrownBy(() -> result(written)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("closed");
  }
}
