package io.tributary.samples.demo;

import io.tributary.actors.consumer.HubConsumer;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The extension sample: a new subscriber actor in one small file. It counts events per key (best
 * effort, LAG) and names the busiest keys at the end. Registered with one line in {@link
 * DemoSubscribers#ALL}.
 */
final class TopKeys implements DemoSubscriber {
  private final Map<String, LongAdder> perKey = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "top-keys";
  }

  @Override
  public Policy policy() {
    return Policy.LAG;
  }

  @Override
  public HubConsumer.Handler<ProcessedEvent> handler(Tally tally) {
    return event -> perKey.computeIfAbsent(event.key(), k -> new LongAdder()).increment();
  }

  @Override
  public void report() {
    String top = perKey.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .limit(3)
        .map(e -> e.getKey() + "=" + e.getValue().sum())
        .collect(Collectors.joining(" "));
    System.out.println("top-keys: " + top);
  }
}
