package io.tributary.samples.demo;

import io.tributary.cli.TributaryCommand;
import io.tributary.actors.consumer.HubConsumer;
import io.tributary.actors.hub.EventHub;
import io.tributary.actors.hub.HubPublisher;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.cli.commands.SampleProducer;
import io.tributary.cli.commands.Topics;
import io.tributary.cli.runtime.MetricsPortOption;
import io.tributary.cli.runtime.ServiceRuntime;
import io.tributary.cli.runtime.SimulatedIo;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary demo}: the whole framework in one command. Starts the embedded Kafka broker,
 * produces N events to a 4-partition topic, consumes them with the ordered-per-key runner (each
 * handler does simulated I/O, then publishes the result to the broadcast hub), fans the results out
 * to subscriber actors — a counter and per-key statistics (lossless) and a sampler (best effort) —
 * shows live progress, verifies that nothing was lost, duplicated or reordered, prints
 *
 * <pre>demo: events=N processed=N lost=0 duplicates=0 order_violations=0 elapsed_ms=.. rate_per_s=..</pre>
 *
 * and stops through CoordinatedShutdown. Exit 0 only when lost, duplicates and order_violations are
 * all 0.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Embedded Kafka -> per-key parallel processing -> broadcast hub -> subscriber actors, verified.")
public final class DemoCommand implements TributaryCommand {

  private static final String RESULTS = "processed";

  @Spec
  private CommandSpec spec;

  @Mixin
  private MetricsPortOption metrics;

  @Option(names = "--events", defaultValue = "200000", paramLabel = "N",
      description = "Events to produce and process (default: ${DEFAULT-VALUE}).")
  private int events;

  @Option(names = "--keys", defaultValue = "1000", paramLabel = "K",
      description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  private int keys;

  @Option(names = "--parallelism", defaultValue = "64", paramLabel = "P",
      description = "Handlers in flight at most, across keys (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(names = "--handler-delay-ms", defaultValue = "1", paramLabel = "D",
      description = "Simulated I/O per event, without holding a thread (default: ${DEFAULT-VALUE}).")
  private long handlerDelayMs;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of the embedded broker.")
  private String bootstrapServers;

  @Option(names = "--linger-seconds", defaultValue = "0", paramLabel = "S",
      description = "With --metrics-port: keep serving /metrics S seconds after the demo finished, so that a "
          + "scraper sees the final counts (Ctrl-C ends it sooner; default: ${DEFAULT-VALUE}).")
  private long lingerSeconds;

  @Option(names = "--timeout-seconds", defaultValue = "900", paramLabel = "S", hidden = true,
      description = "Give up (and report the losses) after S seconds of consuming.")
  private long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (events < 0 || keys < 1 || parallelism < 1 || handlerDelayMs < 0 || lingerSeconds < 0) {
      throw new ParameterException(spec.commandLine(),
          "--events must be >= 0, --keys and --parallelism >= 1, --handler-delay-ms and --linger-seconds >= 0");
    }
    ServiceRuntime runtime = ServiceRuntime.start("tributary-demo", Duration.ofSeconds(10)).handleSignals();
    if (!metrics.serve(runtime, "demo")) {
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    EmbeddedKafkaBroker broker = null;
    try {
      String bootstrap = bootstrapServers;
      if (bootstrap == null) {
        System.out.println("demo: starting the embedded Kafka broker (KRaft) on 127.0.0.1 ...");
        broker = EmbeddedKafkaBroker.builder().build().start();
        bootstrap = broker.bootstrapServers();
      }
      int code = run(runtime, bootstrap);
      linger(runtime);
      runtime.shutdown(code);
    } catch (CommandFailedException | KafkaSetupException e) {
      System.err.println("tributary demo: " + e.getMessage());
      runtime.shutdown(1);
    } catch (RuntimeException e) {
      System.err.println("tributary demo: failed: " + e);
      runtime.shutdown(1);
    }
    try {
      return runtime.awaitExit();
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private int run(ServiceRuntime runtime, String bootstrap) throws Exception {
    ActorSystem<Void> system = runtime.system();
    String topic = "tributary-demo-" + System.currentTimeMillis();
    Topics.createIfMissing(bootstrap, topic, 4, Duration.ofSeconds(30));
    System.out.printf("demo: producing %,d events to %s (4 partitions, %,d keys) at %s%n", events, topic, keys,
        bootstrap);
    SampleProducer.Outcome produced = SampleProducer.produce(bootstrap, topic, events, keys, Duration.ofSeconds(60));
    if (produced.acked() != events) {
      throw new CommandFailedException("only " + produced.acked() + " of " + events + " events were produced", null);
    }

    // The hub and its subscribers come first, so that no result is published before they listen.
    Tally tally = new Tally(events);
    ActorRef<EventHub.Command<ProcessedEvent>> hub =
        system.systemActorOf(EventHub.<ProcessedEvent>create(), "hub", Props.empty());
    AskPattern.<EventHub.Command<ProcessedEvent>, Done>ask(hub,
        replyTo -> new EventHub.CreateTopic<>(RESULTS, 1024, Policy.BACKPRESSURE, replyTo),
        Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<DemoSubscriber> subscribers = new ArrayList<>();
    List<Pair<ActorRef<EventHub.Notification<ProcessedEvent>>, Policy>> consumers = new ArrayList<>();
    for (Supplier<DemoSubscriber> factory : DemoSubscribers.ALL) {
      DemoSubscriber s = factory.get();
      subscribers.add(s);
      consumers.add(Pair.create(system.systemActorOf(HubConsumer.create(hub, RESULTS, s.policy(),
          () -> s.handler(tally)), s.name(), Props.empty()), s.policy()));
    }
    awaitSubscribed(system, hub, consumers);
    HubPublisher<ProcessedEvent> publisher = AskPattern.<EventHub.Command<ProcessedEvent>, HubPublisher<ProcessedEvent>>ask(
        hub, replyTo -> new EventHub.GetPublisher<>(RESULTS, replyTo), Duration.ofSeconds(10), system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    System.out.printf("demo: consuming with the ordered-per-key runner (parallelism %d, %d ms simulated I/O per "
        + "event), fanning out to %d subscriber actors%n", parallelism, handlerDelayMs, subscribers.size());
    long started = System.nanoTime();
    KafkaRunner<DemoRecord> runner = KafkaRunner.start(system,
        KafkaSourceSettings.create(bootstrap, "tributary-demo", List.of(topic), PayloadDecoder.json(DemoRecord.class)),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(parallelism),
        envelope -> {
          DemoRecord r = envelope.payload();
          ProcessedEvent event = new ProcessedEvent(r.id(), r.key(), r.seq(), envelope.position().partition(),
              envelope.position().offset());
          // Simulated I/O, then the result goes to the hub; the record is acknowledged once it is in.
          return SimulatedIo.after(handlerDelayMs, event).thenCompose(publisher::publish);
        });
    Lifecycle.register(system, runner, Duration.ofSeconds(10));

    Progress progress = new Progress(tally, () -> Math.max(0, events - runner.control().acknowledged()),
        () -> runner.metrics().inFlight(), System.console() != null, System.out);
    Cancellable ticker = system.scheduler().scheduleAtFixedRate(Duration.ofMillis(progress.intervalMillis()),
        Duration.ofMillis(progress.intervalMillis()), progress::tick, system.executionContext());
    try {
      CompletableFuture.anyOf(tally.whenAllSeen().toCompletableFuture(),
              system.getWhenTerminated().toCompletableFuture(),
              runner.completion().toCompletableFuture())
          .get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.out.println();
      System.out.println("demo: gave up after " + timeoutSeconds + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println();
      System.out.println("demo: the consumer failed: " + e.getCause());
    } finally {
      ticker.cancel();
    }
    long elapsedMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    progress.finish();
    subscribers.forEach(DemoSubscriber::report);
    long rate = tally.processed() * 1000 / elapsedMs;
    System.out.println("demo: events=" + events + " processed=" + tally.processed() + " lost=" + tally.lost()
        + " duplicates=" + tally.duplicates() + " order_violations=" + tally.orderViolations()
        + " elapsed_ms=" + elapsedMs + " rate_per_s=" + rate);
    System.out.flush();
    return tally.lost() == 0 && tally.duplicates() == 0 && tally.orderViolations() == 0 ? 0 : 1;
  }

  /**
   * With {@code --metrics-port} and {@code --linger-seconds S}: waits S seconds, or until a signal stopped the
   * actor system, with the runner and its meters still in place, so that a scraper that polls every few seconds
   * sees the final counts before the graceful stop removes them.
   */
  private void linger(ServiceRuntime runtime) throws Exception {
    if (lingerSeconds == 0 || !metrics.requested() || runtime.isShuttingDown()) {
      return;
    }
    System.out.println("demo: serving metrics " + lingerSeconds + " s more (Ctrl-C stops sooner)");
    System.out.flush();
    try {
      runtime.system().getWhenTerminated().toCompletableFuture().get(lingerSeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // the time is up: the graceful stop follows
    }
  }

  /** Waits until the hub answers that every subscriber's subscription is active. */
  private static void awaitSubscribed(ActorSystem<Void> system, ActorRef<EventHub.Command<ProcessedEvent>> hub,
      List<Pair<ActorRef<EventHub.Notification<ProcessedEvent>>, Policy>> consumers) throws Exception {
    List<CompletableFuture<EventHub.Subscribed<ProcessedEvent>>> answers = new ArrayList<>();
    for (Pair<ActorRef<EventHub.Notification<ProcessedEvent>>, Policy> consumer : consumers) {
      // Each consumer subscribes itself; subscribing it again is a no-op that answers once it is active.
      answers.add(AskPattern.<EventHub.Command<ProcessedEvent>, EventHub.Subscribed<ProcessedEvent>>ask(hub,
          replyTo -> new EventHub.Subscribe<>(RESULTS, consumer.first(), consumer.second(), replyTo),
          Duration.ofSeconds(10), system.scheduler()).toCompletableFuture());
    }
    try {
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(11, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new CommandFailedException("the subscriber actors did not subscribe within 10 s", null);
    }
  }

}
