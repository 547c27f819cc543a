package io.tributary.actors.hub;

import io.tributary.actors.TributarySerializable;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an {@link EventHub}'s topics, the reply to {@link EventHub.GetStats}.
 *
 * @param topics per topic name
 */
public record HubStats(Map<String, TopicStats> topics) implements TributarySerializable {

  /**
   * One topic.
   *
   * @param topic its name
   * @param capacity its channel's capacity
   * @param policy its default receiver policy
   * @param sent values published to it since creation
   * @param closed whether it was closed
   * @param receivers its open receivers
   */
  public record TopicStats(String topic, int capacity, Policy policy, long sent, boolean closed,
      List<ReceiverStats> receivers) {}

  /**
   * One receiver of a topic.
   *
   * @param name the subscriber actor's path, or {@code source-N} for a stream subscription
   * @param policy its policy
   * @param missed values it lost to lag
   * @param pending values waiting for it
   */
  public record ReceiverStats(String name, Policy policy, long missed, long pending) {}
}
