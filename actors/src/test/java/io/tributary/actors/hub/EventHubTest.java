package io.tributary.actors.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.EventHub.Events;
import io.tributary.actors.hub.EventHub.Notification;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EventHubTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<Notification<Integer>> subscriberProbe() {
    return (TestProbe) testKit.createTestProbe(Notification.class);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<EventHub.Subscribed<Integer>> subscribedProbe() {
    return (TestProbe) testKit.createTestProbe(EventHub.Subscribed.class);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<StatusReply<Done>> confirmProbe() {
    return (TestProbe) testKit.createTestProbe(StatusReply.class);
  }

  @SuppressWarnings("unchecked")
  private static Events<Integer> expectEvents(TestProbe<Notification<Integer>> probe) {
    return probe.expectMessageClass(Events.class);
  }

  private static HubStats stats(ActorRef<EventHub.Command<Integer>> hub) {
    TestProbe<HubStats> probe = testKit.createTestProbe(HubStats.class);
    hub.tell(new EventHub.GetStats<>(probe.getRef()));
    return probe.receiveMessage();
  }

  private static ActorRef<EventHub.Command<Integer>> hubWithTopic(String topic, int capacity, Policy policy) {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create());
    TestProbe<Done> created = testKit.createTestProbe(Done.class);
    hub.tell(new EventHub.CreateTopic<>(topic, capacity, policy, created.getRef()));
    created.expectMessage(Done.getInstance());
    return hub;
  }

  @Test
  void every_subscriber_receives_every_value_in_publish_order() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("t", 16, Policy.BACKPRESSURE);
    TestProbe<Notification<Integer>> a = subscriberProbe();
    TestProbe<Notification<Integer>> b = subscriberProbe();
    hub.tell(new EventHub.Subscribe<>("t", a.getRef(), Policy.BACKPRESSURE));
    hub.tell(new EventHub.Subscribe<>("t", b.getRef(), Policy.LAG));
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < 10; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("t", i, confirm.getRef()));
      confirm.expectMessage(StatusReply.ack());
    }
    for (TestProbe<Notification<Integer>> probe : List.of(a, b)) {
      List<Integer> got = new ArrayList<>();
      while (got.size() < 10) {
        Events<Integer> events = expectEvents(probe);
        got.addAll(events.values());
        events.ack();
      }
      assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void subscribe_answers_once_the_subscription_is_active_and_again_when_asked_again() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("a", 8, Policy.BACKPRESSURE);
    TestProbe<Notification<Integer>> sub = subscriberProbe();
    TestProbe<EventHub.Subscribed<Integer>> subscribed = subscribedProbe();
    hub.tell(new EventHub.Subscribe<>("a", sub.getRef(), Policy.BACKPRESSURE, subscribed.getRef()));
    subscribed.expectMessage(new EventHub.Subscribed<>("a", sub.getRef()));
    // Past the answer, a value sent straight into the channel (no hub message) reaches the subscriber.
    @SuppressWarnings({"unchecked", "rawtypes"})
    TestProbe<HubPublisher<Integer>> publisherProbe = (TestProbe) testKit.createTestProbe(HubPublisher.class);
    hub.tell(new EventHub.GetPublisher<>("a", publisherProbe.getRef()));
    publisherProbe.receiveMessage().publish(42).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(expectEvents(sub).values()).containsExactly(42);
    hub.tell(new EventHub.Subscribe<>("a", sub.getRef(), Policy.BACKPRESSURE, subscribed.getRef()));
    subscribed.expectMessage(new EventHub.Subscribed<>("a", sub.getRef()));
    assertThat(stats(hub).topics().get("a").receivers()).hasSize(1);
  }

  @Test
  void subscribing_to_a_closed_topic_answers_then_tells_the_subscriber_it_closed() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("gone", 8, Policy.BACKPRESSURE);
    hub.tell(new EventHub.CloseTopic<>("gone"));
    TestProbe<Notification<Integer>> sub = subscriberProbe();
    TestProbe<EventHub.Subscribed<Integer>> subscribed = subscribedProbe();
    hub.tell(new EventHub.Subscribe<>("gone", sub.getRef(), Policy.BACKPRESSURE, subscribed.getRef()));
    subscribed.expectMessage(new EventHub.Subscribed<>("gone", sub.getRef()));
    sub.expectMessage(new EventHub.TopicClosed<>("gone"));
  }

  @Test
  void a_backpressure_subscriber_that_does_not_ack_holds_back_the_publisher() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("bp", 4, Policy.BACKPRESSURE);
    TestProbe<Notification<Integer>> slow = subscriberProbe();
    hub.tell(new EventHub.Subscribe<>("bp", slow.getRef(), Policy.BACKPRESSURE));
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    hub.tell(new EventHub.PublishAndConfirm<>("bp", 0, confirm.getRef()));
    confirm.expectMessage(StatusReply.ack());
    Events<Integer> first = expectEvents(slow); // [0], now awaiting our ack
    assertThat(first.values()).containsExactly(0);
    for (int i = 1; i <= 4; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("bp", i, confirm.getRef()));
      confirm.expectMessage(StatusReply.ack());
    }
    hub.tell(new EventHub.PublishAndConfirm<>("bp", 5, confirm.getRef()));
    confirm.expectNoMessage(Duration.ofMillis(200)); // the channel is full: 1..4 wait for the subscriber
    first.ack();
    Events<Integer> next = expectEvents(slow);
    assertThat(next.values()).containsExactly(1, 2, 3, 4);
    confirm.expectMessage(StatusReply.ack()); // room again: 5 entered
    next.ack();
    assertThat(expectEvents(slow).values()).containsExactly(5);
  }

  @Test
  void a_lagging_subscriber_is_told_how_many_it_missed_then_continues() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("lag", 4, Policy.LAG);
    TestProbe<Notification<Integer>> slow = subscriberProbe();
    hub.tell(new EventHub.Subscribe<>("lag", slow.getRef(), Policy.LAG));
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    hub.tell(new EventHub.PublishAndConfirm<>("lag", 0, confirm.getRef()));
    confirm.expectMessage(StatusReply.ack());
    Events<Integer> first = expectEvents(slow);
    for (int i = 1; i <= 10; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("lag", i, confirm.getRef()));
      confirm.expectMessage(StatusReply.ack()); // never held back
    }
    first.ack();
    EventHub.Lagged<?> lagged = slow.expectMessageClass(EventHub.Lagged.class);
    assertThat(lagged.missed()).isEqualTo(6);
    assertThat(expectEvents(slow).values()).containsExactly(7, 8, 9, 10);
    HubStats.TopicStats topic = stats(hub).topics().get("lag");
    assertThat(topic.sent()).isEqualTo(11);
    assertThat(topic.receivers()).singleElement().satisfies(r -> {
      assertThat(r.missed()).isEqualTo(6);
      assertThat(r.policy()).isEqualTo(Policy.LAG);
    });
  }

  @Test
  void a_subscriber_that_stops_is_removed_and_no_longer_holds_back_the_publisher() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("dw", 2, Policy.BACKPRESSURE);
    ActorRef<Notification<Integer>> mortal = testKit.spawn(Behaviors.<Notification<Integer>>receiveMessage(
        msg -> Behaviors.stopped())); // stops on its first notification, never acks
    TestProbe<EventHub.Subscribed<Integer>> subscribed = subscribedProbe();
    hub.tell(new EventHub.Subscribe<>("dw", mortal, Policy.BACKPRESSURE, subscribed.getRef()));
    subscribed.expectMessage(new EventHub.Subscribed<>("dw", mortal));
    assertThat(stats(hub).topics().get("dw").receivers()).hasSize(1);
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < 20; i++) { // 10x the capacity: only possible once the dead subscriber is gone
      hub.tell(new EventHub.PublishAndConfirm<>("dw", i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(20, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> stats(hub).topics().get("dw").receivers().isEmpty());
  }

  @Test
  void publishing_to_a_topic_without_subscribers_is_fine() {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create());
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < 5000; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("nobody", i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(5000, Duration.ofSeconds(5));
    assertThat(stats(hub).topics().get("nobody").sent()).isEqualTo(5000);
  }

  @Test
  void unsubscribe_ends_delivery_and_releases_the_publisher() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("u", 2, Policy.BACKPRESSURE);
    TestProbe<Notification<Integer>> sub = subscriberProbe();
    hub.tell(new EventHub.Subscribe<>("u", sub.getRef(), Policy.BACKPRESSURE));
    hub.tell(new EventHub.Publish<>("u", 1));
    expectEvents(sub);
    hub.tell(new EventHub.Unsubscribe<>("u", sub.getRef()));
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    for (int i = 0; i < 10; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("u", i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(10, Duration.ofSeconds(5));
    assertThat(stats(hub).topics().get("u").receivers()).isEmpty();
  }

  @Test
  void a_closed_topic_delivers_what_was_published_then_tells_subscribers_it_closed() {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("c", 8, Policy.BACKPRESSURE);
    TestProbe<Notification<Integer>> sub = subscriberProbe();
    hub.tell(new EventHub.Subscribe<>("c", sub.getRef(), Policy.BACKPRESSURE));
    TestProbe<StatusReply<Done>> confirm = confirmProbe();
    hub.tell(new EventHub.PublishAndConfirm<>("c", 1, confirm.getRef()));
    confirm.expectMessage(StatusReply.ack());
    hub.tell(new EventHub.CloseTopic<>("c"));
    Events<Integer> events = expectEvents(sub);
    assertThat(events.values()).containsExactly(1);
    events.ack();
    sub.expectMessageClass(EventHub.TopicClosed.class);
    hub.tell(new EventHub.PublishAndConfirm<>("c", 2, confirm.getRef()));
    assertThat(confirm.receiveMessage().isError()).isTrue();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void a_stream_subscription_gets_the_topic_as_a_source() throws Exception {
    ActorRef<EventHub.Command<Integer>> hub = hubWithTopic("s", 8, Policy.BACKPRESSURE);
    TestProbe<Source<Integer, NotUsed>> reply = (TestProbe) testKit.createTestProbe(Source.class);
    hub.tell(new EventHub.SubscribeSource<>("s", Policy.BACKPRESSURE, reply.getRef()));
    CompletionStage<List<Integer>> got = reply.receiveMessage().take(3).runWith(Sink.seq(), testKit.system());
    for (int i = 0; i < 3; i++) {
      hub.tell(new EventHub.Publish<>("s", i));
    }
    assertThat(got.toCompletableFuture().get(5, TimeUnit.SECONDS)).containsExactly(0, 1, 2);
  }
}
