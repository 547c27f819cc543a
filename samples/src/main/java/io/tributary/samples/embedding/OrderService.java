package io.tributary.samples.embedding;

import io.tributary.actors.hub.EventHub;
import io.tributary.actors.node.Tributary;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The embedding sample: a plain Java service that runs Tributary inside its own lifecycle. {@link
 * #start()} starts Tributary (its own actor system, or — with {@link #inHostSystem} — the actor
 * system the host already has), subscribes a handler to an {@code orders} topic; {@link #stop()}
 * stops Tributary through its API while the host keeps running. What it receives and publishes is
 * described in its AsyncAPI document, {@link OrderServiceApi}.
 */
public final class OrderService {

  private final ActorSystem<?> hostSystem;
  private final List<String> audited = new CopyOnWriteArrayList<>();
  private Tributary tributary;
  private ActorRef<EventHub.Command<String>> hub;

  private OrderService(ActorSystem<?> hostSystem) {
    this.hostSystem = hostSystem;
  }

  /** A service whose Tributary brings its own actor system. */
  public static OrderService standalone() {
    return new OrderService(null);
  }

  /** A service whose Tributary runs in the host's actor system. */
  public static OrderService inHostSystem(ActorSystem<?> hostSystem) {
    return new OrderService(hostSystem);
  }

  /** Starts Tributary and subscribes the audit handler (lossless) to the {@code orders} topic. */
  public void start() {
    tributary = hostSystem == null ? Tributary.start(OrderServiceApi.SERVICE) : Tributary.attach(hostSystem);
    hub = tributary.createHub("orders-hub");
    tributary.subscribe(hub, OrderServiceApi.HUB_TOPIC, Policy.BACKPRESSURE, () -> audited::add);
  }

  /** Publishes an order to every subscriber of the {@code orders} topic. */
  public void place(String order) {
    hub.tell(new EventHub.Publish<>(OrderServiceApi.HUB_TOPIC, order));
  }

  /**
   * Publishes the id of an order (as the service's Kafka intake would, see {@link OrderServiceApi}) to
   * every subscriber of the {@code orders} topic.
   */
  public void place(Order order) {
    place(order.id());
  }

  /** @return the orders the audit handler saw, in order */
  public List<String> audited() {
    return List.copyOf(audited);
  }

  /** Stops Tributary (its actors, and its actor system if it has its own); the host goes on. */
  public void stop() {
    tributary.stop().toCompletableFuture().join();
  }

  /** @return the actor system Tributary runs in */
  public ActorSystem<?> tributarySystem() {
    return tributary.system();
  }
}
