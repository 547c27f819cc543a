package io.tributary.actors.hub;

import io.tributary.streams.BroadcastChannel;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * A direct line to one {@link EventHub} topic, for hot paths that publish many values: it sends
 * straight into the topic's channel, without an actor message per value, with the topic's
 * backpressure. Obtain it with {@link EventHub.GetPublisher}; any thread may use it. It works in
 * the hub's JVM only: it never crosses nodes.
 *
 * @param <T> the topic's value type
 */
public final class HubPublisher<T> implements NoSerializationVerificationNeeded {
  private final String topic;
  private final BroadcastChannel<T> channel;

  HubPublisher(String topic, BroadcastChannel<T> channel) {
    this.topic = topic;
    this.channel = channel;
  }

  /** @return the topic */
  public String topic() {
    return topic;
  }

  /**
   * Publishes a value; completes once it is in the topic (at once unless a BACKPRESSURE subscriber
   * is a full capacity behind), or fails with {@link BroadcastChannel.Closed} if the topic closed.
   */
  public CompletionStage<Done> publish(T value) {
    return channel.send(value);
  }

  /** Publishes if there is room now; never waits. */
  public boolean tryPublish(T value) {
    return channel.offer(value);
  }
}
