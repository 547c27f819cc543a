package io.tributary.samples.demo;

import io.tributary.actors.consumer.HubConsumer;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-key statistics, lossless: each key's events must arrive with sequences 0, 1, 2, ... (the
 * ordered-per-key runner's promise); anything else is an order violation.
 */
final class KeyStatistics implements DemoSubscriber {
  /** Next expected sequence per key; survives handler restarts. */
  private final ConcurrentMap<String, Long> nextSeq = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "key-statistics";
  }

  @Override
  public Policy policy() {
    return Policy.BACKPRESSURE;
  }

  @Override
  public HubConsumer.Handler<ProcessedEvent> handler(Tally tally) {
    return event -> {
      long expected = nextSeq.getOrDefault(event.key(), 0L);
      if (event.seq() != expected) {
        tally.orderViolation();
      }
      nextSeq.put(event.key(), Math.max(expected, event.seq() + 1));
    };
  }

  @Override
  public void report() {
    System.out.println("key-statistics: " + nextSeq.size() + " keys");
  }
}
