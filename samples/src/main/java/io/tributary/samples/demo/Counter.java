package io.tributary.samples.demo;

import io.tributary.actors.consumer.HubConsumer;
import io.tributary.streams.BroadcastChannel.Policy;

/** Counts every processed event, lossless: the demo's source of truth for lost and duplicates. */
final class Counter implements DemoSubscriber {
  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Policy policy() {
    return Policy.BACKPRESSURE;
  }

  @Override
  public HubConsumer.Handler<ProcessedEvent> handler(Tally tally) {
    return tally::count;
  }
}
