package io.tributary.actors.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.actors.hub.EventHub.Events;
import io.tributary.actors.hub.EventHub.Notification;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.telemetry.Telemetry;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A hub topic's meters in a host's own registry: published, per subscriber delivered, missed (Lagged) and
 * the lag behind the head, with a subscriber that falls behind; the meters go with the subscriber.
 */
class HubMetersTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  static {
    Telemetry.get(testKit.system()).addRegistry(registry); // as a host embedding Tributary would
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TestProbe<Notification<Integer>> subscriberProbe() {
    return (TestProbe) testKit.createTestProbe(Notification.class);
  }

  private static double counter(String name, String hub, String subscriber) {
    var search = registry.find(name).tag("hub", hub).tag("topic", "metered");
    if (subscriber != null) {
      search = search.tag("subscriber", subscriber);
    }
    FunctionCounter c = search.functionCounter();
    return c == null ? Double.NaN : c.count();
  }

  private static Gauge gauge(String name, String hub, String subscriber) {
    return registry.find(name).tag("hub", hub).tag("topic", "metered").tag("subscriber", subscriber).gauge();
  }

  @Test
  @SuppressWarnings("unchecked")
  void a_lagging_subscriber_shows_its_lag_and_what_it_missed() {
    ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create(), "metered-hub");
    TestProbe<Done> created = testKit.createTestProbe(Done.class);
    hub.tell(new EventHub.CreateTopic<>("metered", 4, Policy.LAG, created.getRef()));
    created.expectMessage(Done.getInstance());
    TestProbe<Notification<Integer>> slow = subscriberProbe();
    String name = slow.getRef().path().toStringWithoutAddress();
    hub.tell(new EventHub.Subscribe<>("metered", slow.getRef(), Policy.LAG));
    @SuppressWarnings({"unchecked", "rawtypes"})
    TestProbe<StatusReply<Done>> confirm = (TestProbe) testKit.createTestProbe(StatusReply.class);
    hub.tell(new EventHub.PublishAndConfirm<>("metered", 0, confirm.getRef()));
    confirm.expectMessage(StatusReply.ack());
    Events<Integer> first = slow.expectMessageClass(Events.class);
    assertThat(counter("tributary.hub.delivered", "metered-hub", name)).isEqualTo(1);

    for (int i = 1; i <= 10; i++) { // the subscriber holds its first batch: it falls behind
      hub.tell(new EventHub.PublishAndConfirm<>("metered", i, confirm.getRef()));
      confirm.expectMessage(StatusReply.ack());
    }
    assertThat(counter("tributary.hub.published", "metered-hub", null)).isEqualTo(11);
    assertThat(gauge("tributary.hub.lag", "metered-hub", name).value()).isEqualTo(4); // at most the capacity
    assertThat(registry.find("tributary.hub.subscribers").tag("hub", "metered-hub").gauge().value()).isEqualTo(1);

    first.ack();
    assertThat(slow.expectMessageClass(EventHub.Lagged.class).missed()).isEqualTo(6);
    Events<Integer> rest = slow.expectMessageClass(Events.class);
    assertThat(rest.values()).containsExactly(7, 8, 9, 10);
    rest.ack();
    assertThat(counter("tributary.hub.missed", "metered-hub", name)).isEqualTo(6);
    assertThat(counter("tributary.hub.delivered", "metered-hub", name)).isEqualTo(5);
    assertThat(gauge("tributary.hub.lag", "metered-hub", name).value()).isZero();

    hub.tell(new EventHub.Unsubscribe<>("metered", slow.getRef()));
    await().atMost(Duration.ofSeconds(5)).until(() -> gauge("tributary.hub.lag", "metered-hub", name) == null);
    assertThat(registry.find("tributary.hub.missed").tag("subscriber", name).functionCounter()).isNull();
    assertThat(counter("tributary.hub.published", "metered-hub", null)).isEqualTo(11);

    testKit.stop(hub);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> registry.find("tributary.hub.published").tag("hub", "metered-hub").meters().isEmpty());
  }
}
