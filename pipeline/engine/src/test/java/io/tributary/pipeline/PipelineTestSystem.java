package io.tributary.pipeline;

import com.typesafe.config.Config;
import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.config.ConfigLoader;
import io.tributary.pipeline.event.Event;
import java.io.PrintStream;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** An actor system for pipeline tests, with helpers to start pipelines from HOCON text. */
final class PipelineTestSystem implements AutoCloseable {

  final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pipeline-test-" + UUID.randomUUID());

  ActorRef<EventHub.Command<Event>> newHub() {
    return system.systemActorOf(EventHub.<Event>create(), "hub-" + UUID.randomUUID(), Props.empty());
  }

  static Pipeline parse(String hocon, ComponentRegistry registry) {
    Config config = ConfigLoader.parse(hocon);
    return Pipeline.parse(config, registry, "test");
  }

  RunningPipeline start(String hocon, ComponentRegistry registry) {
    return parse(hocon, registry).start(system, newHub(), System.out);
  }

  RunningPipeline start(String hocon, ComponentRegistry registry, PrintStream stdout) {
    return parse(hocon, registry).start(system, newHub(), stdout);
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }
}
