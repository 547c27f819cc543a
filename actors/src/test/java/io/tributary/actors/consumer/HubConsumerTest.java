package io.tributary.actors.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.producer.HubProducer;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HubConsumerTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static void publishAll(ActorRef<EventHub.Command<Integer>> hub, String topic, int n) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    TestProbe<StatusReply<Done>> confirm = (TestProbe) testKit.createTestProbe(StatusReply.class);
    for (int i = 0; i < n; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>(topic, i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(n, Duration.ofSeconds(10));
  }

  /** Asks the hub whether the consumer's own subscription is active (subscribing again answers). */
  private static void awaitSubscribed(ActorRef<EventHub.Command<Integer>> hub, String topic,
      ActorRef<EventHub.Notification<Integer>> consumer) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    TestProbe<EventHub.Subscribed<Integer>> subscribed =
        (TestProbe) testKit.createTestProbe(EventHub.Subscribed.class);
    hub.tell(new EventHub.Subscribe<>(topic, consumer, Policy.BACKPRESSURE, subscribed.getRef()));
    assertThat(subscribed.receiveMessage(Duration.ofSeconds(5)).subscriber()).isEqualTo(consumer);
  }

  @Test
  void a_failing_handler_is_restarted_and_handed_the_same_value_again() {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create());
    List<Integer> handled = new CopyOnWriteArrayList<>();
    AtomicInteger instances = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    ActorRef<EventHub.Notification<Integer>> consumer =
        testKit.spawn(HubConsumer.<Integer>create(hub, "orders", Policy.BACKPRESSURE, () -> {
      instances.incrementAndGet();
      return value -> {
        if (value == 3 && failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("simulated failure on " + value);
        }
        handled.add(value);
      };
    }));
    awaitSubscribed(hub, "orders", consumer);
    publishAll(hub, "orders", 10);
    await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 10);
    assertThat(handled).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(instances.get()).as("one restart").isEqualTo(2);
  }

  @Test
  void a_value_that_keeps_failing_is_reported_and_skipped_after_max_attempts() {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create());
    List<Integer> handled = new CopyOnWriteArrayList<>();
    AtomicInteger attemptsOnPoison = new AtomicInteger();
    ActorRef<EventHub.Notification<Integer>> consumer =
        testKit.spawn(HubConsumer.<Integer>create(hub, "poison", Policy.BACKPRESSURE, () -> value -> {
      if (value == 2) {
        attemptsOnPoison.incrementAndGet();
        throw new IllegalArgumentException("poison " + value);
      }
      handled.add(value);
    }, 3));
    awaitSubscribed(hub, "poison", consumer);
    publishAll(hub, "poison", 5);
    await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 4);
    assertThat(handled).containsExactly(0, 1, 3, 4);
    assertThat(attemptsOnPoison.get()).isEqualTo(3);
  }

  @Test
  void a_producer_publishes_in_order_and_confirms() {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create());
    List<Integer> handled = new CopyOnWriteArrayList<>();
    ActorRef<EventHub.Notification<Integer>> consumer =
        testKit.spawn(HubConsumer.<Integer>create(hub, "p", Policy.BACKPRESSURE, () -> handled::add));
    awaitSubscribed(hub, "p", consumer);
    ActorRef<HubProducer.Command<Integer>> producer = testKit.spawn(HubProducer.create(hub, "p", 4, 1000));
    @SuppressWarnings({"unchecked", "rawtypes"})
    TestProbe<StatusReply<Done>> confirm = (TestProbe) testKit.createTestProbe(StatusReply.class);
    for (int i = 0; i < 100; i++) {
      producer.tell(new HubProducer.Emit<>(i, confirm.getRef()));
    }
    confirm.receiveSeveralMessages(100, Duration.ofSeconds(5))
        .forEach(reply -> assertThat(reply.isSuccess()).isTrue());
    await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 100);
    for (int i = 0; i < 100; i++) {
      assertThat(handled.get(i)).isEqualTo(i);
    }
  }
}
