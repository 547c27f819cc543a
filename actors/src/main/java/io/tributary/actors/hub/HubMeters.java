package io.tributary.actors.hub;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Receiver;
import io.tributary.streams.telemetry.MeterGroup;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The meters of one hub's topics, read from the channels' own counters when scraped (nothing on the publish
 * path): per topic {@code tributary.hub.published} and {@code tributary.hub.subscribers}; per subscriber
 * {@code tributary.hub.delivered}, {@code tributary.hub.missed} (values lost to {@code Lagged}) and
 * {@code tributary.hub.lag} (values published and not yet consumed). Tags: {@code hub}, {@code topic},
 * {@code subscriber}. Used by the hub's actor only (one thread at a time).
 */
final class HubMeters implements AutoCloseable {

  private final MeterRegistry registry;
  private final String hub;
  private final Map<String, MeterGroup> topics = new HashMap<>();
  private final Map<String, Map<String, Subscriber>> subscribers = new HashMap<>();

  private record Subscriber(Receiver<?> receiver, MeterGroup meters) {}

  HubMeters(MeterRegistry registry, String hub) {
    this.registry = registry;
    this.hub = hub;
  }

  /** A topic was created. */
  void topic(String topic, BroadcastChannel<?> channel) {
    topics.computeIfAbsent(topic, t -> new MeterGroup(registry, Tags.of("hub", hub, "topic", t))
        .counter("tributary.hub.published", "values accepted by the topic (with or without subscribers)",
            channel, BroadcastChannel::sentCount)
        .gauge("tributary.hub.subscribers", "open receivers of the topic (actors and streams)", channel,
            BroadcastChannel::receiverCount));
  }

  /** A subscriber (an actor's forwarder or a stream) got a receiver on {@code topic}. */
  void subscribed(String topic, String subscriber, Receiver<?> receiver) {
    removed(topic, subscriber);
    MeterGroup meters = new MeterGroup(registry, Tags.of("hub", hub, "topic", topic, "subscriber", subscriber))
        .counter("tributary.hub.delivered", "values the subscriber consumed", receiver, Receiver::delivered)
        .counter("tributary.hub.missed", "values the subscriber lost by lagging (LAG policy)", receiver,
            Receiver::missed)
        .gauge("tributary.hub.lag", "values published that the subscriber has not consumed yet (at most the "
            + "capacity)", receiver, Receiver::pending);
    subscribers.computeIfAbsent(topic, t -> new HashMap<>()).put(subscriber, new Subscriber(receiver, meters));
  }

  /** A subscriber left {@code topic}: its meters go. */
  void removed(String topic, String subscriber) {
    Map<String, Subscriber> ofTopic = subscribers.get(topic);
    Subscriber gone = ofTopic == null ? null : ofTopic.remove(subscriber);
    if (gone != null) {
      gone.meters().close();
    }
  }

  /** Removes the meters of receivers that closed (streams that ended). */
  void prune() {
    for (Map<String, Subscriber> ofTopic : subscribers.values()) {
      for (Iterator<Subscriber> it = ofTopic.values().iterator(); it.hasNext(); ) {
        Subscriber s = it.next();
        if (s.receiver().isClosed()) {
          s.meters().close();
          it.remove();
        }
      }
    }
  }

  /** The hub stopped: every meter goes. */
  @Override
  public void close() {
    subscribers.values().forEach(m -> m.values().forEach(s -> s.meters().close()));
    subscribers.clear();
    topics.values().forEach(MeterGroup::close);
    topics.clear();
  }
}
