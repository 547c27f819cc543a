package io.tributary.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.component.PipelineStartException;
import io.tributary.pipeline.config.ConfigLoader;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.config.PipelineConfigException;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import java.util.ArrayList;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * A validated Vector-style pipeline: named sources, transforms and sinks wired by {@code inputs},
 * read from a HOCON config. Validation happens here, completely, before anything starts; {@link
 * #start} then opens the components and runs the graph as one Pekko stream.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.load(Path.of("logs-to-file.conf"), List.of("sources.gen.count=100"));
 * RunningPipeline running = pipeline.start(system);
 * Lifecycle.register(system, running, Duration.ofSeconds(10));   // SIGTERM: stop, drain, commit
 * running.completion().toCompletableFuture().join();             // bounded sources ended, all flushed
 * }</pre>
 *
 * @see ComponentRegistry for the component types
 */
public final class Pipeline implements Describable {

  private final String name;
  private final List<PlannedComponent> sources;
  private final List<PlannedComponent> transforms;
  private final List<PlannedComponent> sinks;
  private final List<String> warnings;

  Pipeline(String name, List<PlannedComponent> sources, List<PlannedComponent> transforms,
      List<PlannedComponent> sinks, List<String> warnings) {
    this.name = name;
    this.sources = List.copyOf(sources);
    this.transforms = List.copyOf(transforms);
    this.sinks = List.copyOf(sinks);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Loads and validates a config file with {@code --set key=value} overrides.
   *
   * @throws PipelineConfigException listing every problem
   */
  public static Pipeline load(Path file, List<String> overrides) {
    return load(file, overrides, ComponentRegistry.defaults());
  }

  /**
   * Loads and validates a config file with overrides, using the component types of {@code registry}.
   *
   * @throws PipelineConfigException listing every problem
   */
  public static Pipeline load(Path file, List<String> overrides, ComponentRegistry registry) {
    Config config = ConfigLoader.load(file, overrides);
    String fileName = file.getFileName().toString();
    return parse(config, registry, fileName.replaceFirst("\\.(conf|hocon)$", ""));
  }

  /**
   * Validates a config (already parsed and resolved).
   *
   * @param name the pipeline's name, for log lines
   * @throws PipelineConfigException listing every problem
   */
  public static Pipeline parse(Config config, ComponentRegistry registry, String name) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    return new PipelinePlanner(config, registry).plan(name);
  }

  /**
   * Validates a config given as HOCON text, with the built-in component types.
   *
   * @throws PipelineConfigException listing every problem
   */
  public static Pipeline parse(String hocon) {
    return parse(ConfigLoader.parse(hocon), ComponentRegistry.defaults(), "pipeline");
  }

  /** @return the pipeline's name (the config file's name without extension) */
  public String name() {
    return name;
  }

  /** @return things that are allowed but probably not meant, e.g. a transform nothing reads */
  public List<String> warnings() {
    return warnings;
  }

  /** @return how many sources, transforms and sinks, for a one-line summary */
  public String summary() {
    return sources.size() + " sources, " + transforms.size() + " transforms, " + sinks.size() + " sinks";
  }

  /**
   * Starts the pipeline in {@code system} with its own event hub for {@code hub} sources and sinks.
   *
   * @throws PipelineStartException when a component cannot open what it needs (nothing keeps running)
   */
  public RunningPipeline start(ActorSystem<?> system) {
    ActorRef<EventHub.Command<Event>> hub = system.systemActorOf(EventHub.<Event>create(),
        "pipeline-hub-" + UUID.randomUUID(), Props.empty());
    return start(system, hub, System.out);
  }

  /**
   * Starts the pipeline.
   *
   * @param hub the event hub that {@code hub} sources and sinks use (share one between pipelines
   *     so that they can talk to each other)
   * @param stdout where {@code stdout} and {@code console_stats} sinks print
   * @throws PipelineStartException when a component cannot open what it needs (nothing keeps running)
   */
  public RunningPipeline start(ActorSystem<?> system, ActorRef<EventHub.Command<Event>> hub, PrintStream stdout) {
    return PipelineGraph.run(this, system, hub, stdout);
  }

  /**
   * The broker channels of the pipeline, read from its options (nothing is opened): what its
   * {@code kafka}, {@code amqp} and {@code nats} sources receive (and their dead-letter destinations)
   * and what its broker sinks send. Other components are not channels. Events are JSON objects whose
   * fields the config decides. What the file leaves out comes from the default config ({@code
   * application.conf}, {@code reference.conf}).
   *
   * @return the descriptions, each summary prefixed by the component ({@code sources.orders: ...})
   */
  @Override
  public List<ChannelDescription> describe() {
    return describe(ConfigFactory.load());
  }

  /**
   * As {@link #describe()}, with the system's config given.
   *
   * @param config the config the pipeline would run with
   * @return the descriptions
   */
  public List<ChannelDescription> describe(Config config) {
    List<ChannelDescription> channels = new ArrayList<>();
    for (PlannedComponent source : sources) {
      for (ChannelDescription c : ((SourceDefinition) source.definition()).describe(config)) {
        channels.add(c.withSummary(source.ref().path() + ": " + c.summary()));
      }
    }
    for (PlannedComponent sink : sinks) {
      for (ChannelDescription c : ((SinkDefinition) sink.definition()).describe(config)) {
        channels.add(c.withSummary(sink.ref().path() + ": " + c.summary()));
      }
    }
    return channels;
  }

  List<PlannedComponent> sources() {
    return sources;
  }

  List<PlannedComponent> transforms() {
    return transforms;
  }

  List<PlannedComponent> sinks() {
    return sinks;
  }
}
