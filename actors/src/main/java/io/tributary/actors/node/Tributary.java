package io.tributary.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.actors.consumer.HubConsumer;
import io.tributary.actors.hub.EventHub;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tributary embedded in a host service: use it to run hubs, subscriber actors and consumers inside
 * your own lifecycle. {@link #start(String)} brings its own actor system; {@link #attach} runs in
 * an actor system the host already has. {@link #stop()} stops everything Tributary started — the
 * managed components first, through the same stop-intake / drain / release sequence as a
 * CoordinatedShutdown, then its actors — and terminates the actor system only if Tributary created
 * it: the host and its JVM keep running.
 *
 * <pre>{@code
 * Tributary tributary = Tributary.start("orders-service");
 * ActorRef<EventHub.Command<Order>> hub = tributary.createHub("orders-hub");
 * tributary.subscribe(hub, "orders", Policy.BACKPRESSURE, () -> order -> audit.write(order));
 * tributary.manage(kafkaRunner, Duration.ofSeconds(30));   // any GracefulStop
 * ...
 * tributary.stop().toCompletableFuture().join();          // the host goes on
 * }</pre>
 */
public final class Tributary implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Tributary.class);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final boolean ownsSystem;
  private final ActorRef<Guardian.Command> guardian;
  private final List<Lifecycle.Registration> components = new CopyOnWriteArrayList<>();
  private final AtomicReference<CompletableFuture<Done>> stopped = new AtomicReference<>();
  private final List<MetricsServer> metricsServers = new CopyOnWriteArrayList<>();

  private Tributary(ActorSystem<?> system, boolean ownsSystem, String name) {
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.guardian = system.systemActorOf(Guardian.create(), name, Props.empty());
  }

  /** Starts Tributary with its own actor system named {@code name}. */
  public static Tributary start(String name) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name);
    return new Tributary(system, true, "tributary");
  }

  /**
   * Starts Tributary with its own actor system named {@code name}, configured by {@code config}
   * (with the application's and the jars' defaults behind it). A cluster node is started this way
   * (see the {@code tributary-cluster} module's {@code ClusterNode}).
   */
  public static Tributary start(String name, Config config) {
    Objects.requireNonNull(config, "config");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name,
        config.withFallback(ConfigFactory.load()));
    return new Tributary(system, true, "tributary");
  }

  /** Runs Tributary inside an actor system the host owns (Tributary never terminates it). */
  public static Tributary attach(ActorSystem<?> hostSystem) {
    Objects.requireNonNull(hostSystem, "hostSystem");
    return new Tributary(hostSystem, false, "tributary-" + Integer.toHexString(System.identityHashCode(hostSystem))
        + "-" + System.nanoTime());
  }

  /** @return the actor system Tributary runs in */
  public ActorSystem<?> system() {
    return system;
  }

  /** Spawns an actor under Tributary's guardian: it stops with {@link #stop()}. */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    return await(AskPattern.<Guardian.Command, ActorRef<T>>ask(guardian,
        replyTo -> new Guardian.Spawn<>(behavior, name, replyTo), ASK_TIMEOUT, system.scheduler()));
  }

  /** Spawns an {@link EventHub} with the settings of the actor system's config ({@code tributary.hub}). */
  public <T> ActorRef<EventHub.Command<T>> createHub(String name) {
    return spawn(EventHub.<T>create(), name);
  }

  /**
   * Spawns a {@link HubConsumer} on {@code topic} of {@code hub}: each value goes to a handler from
   * {@code handlers} (a new one after a failure). Returns once the hub has the subscription, so
   * every value published afterwards reaches it.
   */
  public <T> ActorRef<EventHub.Notification<T>> subscribe(ActorRef<EventHub.Command<T>> hub, String topic,
      Policy policy, Supplier<? extends HubConsumer.Handler<T>> handlers) {
    String name = "consumer-" + topic.replaceAll("[^A-Za-z0-9-]", "-") + "-" + System.nanoTime();
    ActorRef<EventHub.Notification<T>> consumer = spawn(HubConsumer.create(hub, topic, policy, handlers), name);
    // The consumer subscribes itself; subscribing it again is a no-op that answers once it is active.
    try {
      await(AskPattern.<EventHub.Command<T>, EventHub.Subscribed<T>>ask(hub,
          replyTo -> new EventHub.Subscribe<>(topic, consumer, policy, replyTo), ASK_TIMEOUT, system.scheduler()));
    } catch (CompletionException e) {
      throw new IllegalStateException("the hub did not register subscriber " + consumer.path() + " on topic '"
          + topic + "' within " + ASK_TIMEOUT, e.getCause());
    }
    return consumer;
  }

  /**
   * Serves the meters and health of this actor system's components over HTTP ({@code /metrics},
   * {@code /health/live}, {@code /health/ready}; see {@link MetricsServer}) until {@link #stop()} ended or
   * the actor system terminates. Adds a Prometheus registry to the system's {@link
   * io.tributary.streams.telemetry.Telemetry} when it has none; a host with its own registry adds it there
   * instead ({@code Telemetry.get(system).addRegistry(registry)}) and may skip serving.
   *
   * @param port the port on every interface, 0 for a free one ({@link MetricsServer#port()})
   * @return the server; closing it stops serving earlier
   */
  public MetricsServer serveMetrics(int port) {
    MetricsServer server = MetricsServer.start(system, port);
    metricsServers.add(server);
    // Served through the drain (ready turns 503 meanwhile), closed as the actor system goes.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "tributary-metrics-server-" + server.port(), () -> {
          server.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    return server;
  }

  /**
   * Puts a component (a Kafka runner, for instance) under Tributary's lifecycle: it stops first, in
   * order, on {@link #stop()} and on a CoordinatedShutdown of the actor system.
   */
  public Lifecycle.Registration manage(GracefulStop component, Duration drainTimeout) {
    Lifecycle.Registration registration = Lifecycle.register(system, component, drainTimeout);
    components.add(registration);
    return registration;
  }

  /**
   * Stops the managed components (stop intake, drain, release — in parallel), then Tributary's
   * actors, then — only if Tributary created it — the actor system. Idempotent.
   */
  public CompletionStage<Done> stop() {
    CompletableFuture<Done> mine = new CompletableFuture<>();
    CompletableFuture<Done> existing = stopped.compareAndExchange(null, mine);
    if (existing != null) {
      return existing;
    }
    if (ownsSystem) {
      Telemetry.get(system).markStopping(); // the whole system goes: not ready from now on
    }
    List<CompletableFuture<String>> stops = new ArrayList<>();
    for (Lifecycle.Registration r : components) {
      stops.add(r.stop().toCompletableFuture());
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
        .handle((d, e) -> {
          if (e != null) {
            log.warn("a component failed to stop cleanly: {}", e.toString());
          }
          return Done.getInstance();
        })
        .thenCompose(d -> AskPattern.<Guardian.Command, Done>ask(guardian, Guardian.Stop::new, ASK_TIMEOUT,
            system.scheduler()))
        .thenCompose(d -> {
          if (!ownsSystem) {
            return CompletableFuture.completedFuture(Done.getInstance());
          }
          system.terminate();
          return system.getWhenTerminated().thenApply(t -> Done.getInstance());
        })
        .whenComplete((d, e) -> {
          metricsServers.forEach(MetricsServer::close);
          if (e == null) {
            log.info("Tributary stopped ({} components){}", components.size(),
                ownsSystem ? ", actor system terminated" : "; the host's actor system keeps running");
            mine.complete(Done.getInstance());
          } else {
            mine.completeExceptionally(e);
          }
        });
    return mine;
  }

  /** {@link #stop()} and wait for it (up to a minute). */
  @Override
  public void close() {
    stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private static <R> R await(CompletionStage<R> stage) {
    return stage.toCompletableFuture().orTimeout(ASK_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS).join();
  }
}
