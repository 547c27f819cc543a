package io.tributary.pipeline.component;

import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import java.io.PrintStream;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a component gets when its pipeline starts: the actor system it runs in, the event hub that
 * {@code hub} sources and sinks use, the tracker every source opens its messages through, the
 * stream that {@code stdout} and {@code console_stats} print to, and its own name for messages.
 */
public final class RunContext {

  private final ActorSystem<?> system;
  private final ActorRef<EventHub.Command<Event>> hub;
  private final DeliveryTracker tracker;
  private final PrintStream stdout;
  private final ComponentRef component;
  private final ComponentCounters counters;

  /**
   * @param system the actor system the pipeline runs in
   * @param hub the event hub of {@code hub} sources and sinks
   * @param tracker counts and acknowledges source messages
   * @param stdout where {@code stdout} and {@code console_stats} sinks print
   * @param component the component this context is for, or null for the pipeline
   */
  public RunContext(ActorSystem<?> system, ActorRef<EventHub.Command<Event>> hub, DeliveryTracker tracker,
      PrintStream stdout, ComponentRef component) {
    this(system, hub, tracker, stdout, component, new ComponentCounters());
  }

  private RunContext(ActorSystem<?> system, ActorRef<EventHub.Command<Event>> hub, DeliveryTracker tracker,
      PrintStream stdout, ComponentRef component, ComponentCounters counters) {
    this.counters = counters;
    this.system = Objects.requireNonNull(system, "system");
    this.hub = Objects.requireNonNull(hub, "hub");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.stdout = Objects.requireNonNull(stdout, "stdout");
    this.component = component;
  }

  /** @return the same context for component {@code ref}, with fresh counters */
  public RunContext forComponent(ComponentRef ref) {
    return new RunContext(system, hub, tracker, stdout, ref, new ComponentCounters());
  }

  /** @return the component's live counts (its meters read them) */
  public ComponentCounters counters() {
    return counters;
  }

  /** @return the actor system */
  public ActorSystem<?> system() {
    return system;
  }

  /** @return the event hub */
  public ActorRef<EventHub.Command<Event>> hub() {
    return hub;
  }

  /** @return the tracker sources open their messages through */
  public DeliveryTracker tracker() {
    return tracker;
  }

  /** @return where stdout and console_stats sinks print */
  public PrintStream stdout() {
    return stdout;
  }

  /** @return the component this context is for */
  public ComponentRef component() {
    return component;
  }

  /** @return a start failure of this component */
  public PipelineStartException failure(String problem, Throwable cause) {
    return new PipelineStartException(component, problem, cause);
  }
}
