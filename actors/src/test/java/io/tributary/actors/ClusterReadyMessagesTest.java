package io.tributary.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.actors.consumer.HubConsumer;
import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubStats;
import io.tributary.actors.hub.stream.HubSink;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.actors.producer.HubProducer;
import io.tributary.actors.workers.WorkerPool;
import io.tributary.streams.BroadcastChannel.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the hub and the worker pool with every message serialized and deserialized on its way
 * ({@code serialize-messages = on}) and Java serialization refused, as between cluster nodes: a
 * message that could not cross nodes is dropped (and logged), so the expectations below fail.
 */
class ClusterReadyMessagesTest {

  private static final Config CONFIG = ConfigFactory.parseString("""
      pekko.actor.serialize-messages = on
      pekko.actor.allow-java-serialization = off
      pekko.actor.warn-about-java-serializer-usage = on
      """).withFallback(ConfigFactory.load());

  private static final ActorTestKit testKit = ActorTestKit.create("cluster-ready", CONFIG);
  private static final SerializationTestKit serialization = new SerializationTestKit(testKit.system());
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A payload with a binding of its own: the marker's Jackson binding. */
  record Order(String id, long cents, List<String> items) implements TributarySerializable {}

  /** A payload without any binding: it cannot cross nodes. */
  record Unbound(String id) {}

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <M> TestProbe<M> probe(Class<?> type) {
    return (TestProbe) testKit.createTestProbe(type);
  }

  private static Order order(int i) {
    return new Order("o-" + i, 100L * i, List.of("item-" + i));
  }

  @Test
  void every_message_of_the_hub_and_worker_pool_protocols_survives_a_round_trip() {
    TestProbe<EventHub.Notification<Order>> sub = probe(EventHub.Notification.class);
    TestProbe<StatusReply<Done>> confirm = probe(StatusReply.class);
    TestProbe<Done> done = probe(Done.class);
    TestProbe<EventHub.Subscribed<Order>> subscribed = probe(EventHub.Subscribed.class);
    TestProbe<HubStats> stats = probe(HubStats.class);
    TestProbe<EventHub.Ack> ack = probe(EventHub.Ack.class);
    TestProbe<WorkerPool.Stats> poolStats = probe(WorkerPool.Stats.class);
    List<Object> messages = List.of(
        new EventHub.CreateTopic<Order>("t", 16, Policy.LAG, done.getRef()),
        new EventHub.Publish<>("t", order(1)),
        new EventHub.Publish<>("t", 7),
        new EventHub.Publish<>("t", "text"),
        new EventHub.PublishAndConfirm<>("t", order(2), confirm.getRef()),
        new EventHub.Subscribe<>("t", sub.getRef(), Policy.BACKPRESSURE),
        new EventHub.Subscribe<>("t", sub.getRef(), Policy.LAG, subscribed.getRef()),
        new EventHub.Subscribed<>("t", sub.getRef()),
        new EventHub.Unsubscribe<>("t", sub.getRef()),
        new EventHub.CloseTopic<Order>("t"),
        new EventHub.GetStats<Order>(stats.getRef()),
        new EventHub.Events<>("t", List.of(order(3), order(4)), ack.getRef()),
        new EventHub.Lagged<Order>("t", 12),
        new EventHub.TopicClosed<Order>("t"),
        EventHub.Ack.INSTANCE,
        new HubStats(Map.of("t", new HubStats.TopicStats("t", 16, Policy.LAG, 5, false,
            List.of(new HubStats.ReceiverStats("source-1", Policy.LAG, 2, 1))))),
        new HubProducer.Emit<>(order(5), confirm.getRef()),
        new WorkerPool.Process<Order, Order>(order(6), confirm.getRef().unsafeUpcast()),
        new WorkerPool.GetStats<Order, Order>(poolStats.getRef()),
        new WorkerPool.WhenIdle<Order, Order>(done.getRef()),
        new WorkerPool.Stop<Order, Order>(Duration.ofSeconds(3), poolStats.getRef()),
        new WorkerPool.Stats(1, 2, 3, 4, 5, 6, 7, true));
    for (Object message : messages) {
      assertThat(message).isInstanceOf(TributarySerializable.class);
      serialization.verifySerialization(message, true);
    }
  }

  @Test
  void a_payload_without_a_binding_cannot_cross_nodes() {
    assertThatThrownBy(() -> serialization.verifySerialization(new EventHub.Publish<>("t", new Unbound("x")), false))
        .hasStackTraceContaining("Unbound");
  }

  @Test
  void the_hub_delivers_to_consumers_and_confirms_producers_with_every_message_serialized() {
    ActorRef<EventHub.Command<Order>> hub = testKit.spawn(EventHub.<Order>create(), "hub");
    TestProbe<Done> created = probe(Done.class);
    hub.tell(new EventHub.CreateTopic<>("orders", 8, Policy.BACKPRESSURE, created.getRef()));
    created.expectMessage(Done.getInstance());
    List<Order> handled = new CopyOnWriteArrayList<>();
    ActorRef<EventHub.Notification<Order>> consumer =
        testKit.spawn(HubConsumer.<Order>create(hub, "orders", Policy.BACKPRESSURE, () -> handled::add));
    TestProbe<EventHub.Subscribed<Order>> subscribed = probe(EventHub.Subscribed.class);
    hub.tell(new EventHub.Subscribe<>("orders", consumer, Policy.BACKPRESSURE, subscribed.getRef()));
    assertThat(subscribed.receiveMessage(TIMEOUT).subscriber()).isEqualTo(consumer);

    ActorRef<HubProducer.Command<Order>> producer = testKit.spawn(HubProducer.create(hub, "orders", 4, 100));
    TestProbe<StatusReply<Done>> confirm = probe(StatusReply.class);
    for (int i = 0; i < 50; i++) {
      producer.tell(new HubProducer.Emit<>(order(i), confirm.getRef()));
    }
    confirm.receiveSeveralMessages(50, TIMEOUT).forEach(reply -> assertThat(reply.isSuccess()).isTrue());
    for (int i = 50; i < 60; i++) {
      hub.tell(new EventHub.Publish<>("orders", order(i)));
    }
    await().atMost(TIMEOUT).until(() -> handled.size() == 60);
    assertThat(handled).containsExactlyElementsOf(IntStream.range(0, 60).mapToObj(ClusterReadyMessagesTest::order)
        .toList());

    TestProbe<HubStats> stats = probe(HubStats.class);
    hub.tell(new EventHub.GetStats<>(stats.getRef()));
    assertThat(stats.receiveMessage(TIMEOUT).topics().get("orders").sent()).isEqualTo(60);

    // A LAG subscriber probe that never acknowledges: it is told what it missed.
    TestProbe<EventHub.Notification<Order>> laggard = probe(EventHub.Notification.class);
    hub.tell(new EventHub.Subscribe<>("orders", laggard.getRef(), Policy.LAG, subscribed.getRef()));
    subscribed.receiveMessage(TIMEOUT);
    for (int i = 0; i < 20; i++) {
      hub.tell(new EventHub.PublishAndConfirm<>("orders", order(i), confirm.getRef()));
    }
    confirm.receiveSeveralMessages(20, TIMEOUT);
    @SuppressWarnings("unchecked")
    EventHub.Events<Order> first = laggard.expectMessageClass(EventHub.Events.class, TIMEOUT);
    first.ack();
    assertThat(laggard.expectMessageClass(EventHub.Lagged.class, TIMEOUT).missed()).isPositive();
    hub.tell(new EventHub.Unsubscribe<>("orders", laggard.getRef()));
    hub.tell(new EventHub.CloseTopic<>("orders"));
    testKit.createTestProbe().expectTerminated(consumer, TIMEOUT); // it stops after TopicClosed
  }

  @Test
  void hub_streams_subscribe_and_publish_with_every_message_serialized() throws Exception {
    ActorRef<EventHub.Command<Order>> hub = testKit.spawn(EventHub.<Order>create(), "stream-hub");
    Pair<CompletionStage<EventHub.Subscribed<Order>>, CompletionStage<List<Order>>> reader =
        HubSource.<Order>create(hub, "s").take(100).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    reader.first().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Source.range(0, 99).map(ClusterReadyMessagesTest::order).runWith(HubSink.create(hub, "s"), testKit.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(reader.second().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(ClusterReadyMessagesTest::order).toList());
  }

  @Test
  void the_worker_pool_runs_and_answers_with_every_message_serialized() throws Exception {
    ActorRef<WorkerPool.Command<Order, Order>> pool = testKit.spawn(WorkerPool.<Order, Order>create(2, 100,
        (order, ctx) -> CompletableFuture.completedFuture(new Order(order.id(), order.cents() * 2, order.items()))),
        "pool");
    Function<Order, CompletionStage<Order>> handler = WorkerPool.handler(pool, TIMEOUT, testKit.system());
    List<CompletableFuture<Order>> results = IntStream.range(0, 20)
        .mapToObj(i -> handler.apply(order(i)).toCompletableFuture()).toList();
    for (int i = 0; i < 20; i++) {
      assertThat(results.get(i).get(10, TimeUnit.SECONDS).cents()).isEqualTo(200L * i);
    }
    TestProbe<Done> idle = probe(Done.class);
    pool.tell(new WorkerPool.WhenIdle<>(idle.getRef()));
    idle.expectMessage(TIMEOUT, Done.getInstance());
    TestProbe<WorkerPool.Stats> stats = probe(WorkerPool.Stats.class);
    pool.tell(new WorkerPool.GetStats<>(stats.getRef()));
    assertThat(stats.receiveMessage(TIMEOUT).completed()).isEqualTo(20);
    pool.tell(new WorkerPool.Stop<>(Duration.ofSeconds(5), stats.getRef()));
    assertThat(stats.receiveMessage(TIMEOUT).completed()).isEqualTo(20);
  }
}
