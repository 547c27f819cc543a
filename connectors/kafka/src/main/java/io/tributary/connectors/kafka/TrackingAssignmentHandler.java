package io.tributary.connectors.kafka;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;

/**
 * Connects the consumer's rebalance callbacks (run on the consumer's thread, inside poll) to the
 * offset tracker (a revocation drains and commits before the partitions are released), then tells
 * the settings' {@link PartitionListener}.
 */
final class TrackingAssignmentHandler implements PartitionAssignmentHandler {
  private final OffsetTracker tracker;
  private final PartitionListener listener;

  TrackingAssignmentHandler(OffsetTracker tracker, PartitionListener listener) {
    this.tracker = tracker;
    this.listener = listener;
  }

  @Override
  public void onRevoke(Set<TopicPartition> revokedTps, RestrictedConsumer consumer) {
    tracker.revoked(revokedTps, consumer);
    listener.released(revokedTps);
  }

  @Override
  public void onAssign(Set<TopicPartition> assignedTps, RestrictedConsumer consumer) {
    tracker.assigned(assignedTps, consumer);
    listener.assigned(assignedTps);
  }

  @Override
  public void onLost(Set<TopicPartition> lostTps, RestrictedConsumer consumer) {
    tracker.lost(lostTps);
    listener.released(lostTps);
  }

  @Override
  public void onStop(Set<TopicPartition> currentTps, RestrictedConsumer consumer) {
    tracker.stopped(currentTps, consumer);
  }
}
