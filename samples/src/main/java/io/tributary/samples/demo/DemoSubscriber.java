package io.tributary.samples.demo;

import io.tributary.actors.consumer.HubConsumer;
import io.tributary.streams.BroadcastChannel.Policy;

/**
 * A subscriber actor of the demo: how to extend the demo. Implement it in one small class (see
 * {@link TopKeys}) and add it to {@link DemoSubscribers#ALL}; the demo spawns it as a {@link
 * HubConsumer} on the hub's {@code processed} topic with the policy it asks for.
 */
public interface DemoSubscriber {

  /** @return the actor's name */
  String name();

  /** @return BACKPRESSURE to see every event (and pace the pipeline), LAG for best effort */
  Policy policy();

  /** @return a fresh handler (called again after a failure restarts the actor) */
  HubConsumer.Handler<ProcessedEvent> handler(Tally tally);

  /** Called once the demo is done, before the summary line: print a final word if you like. */
  default void report() {}
}
