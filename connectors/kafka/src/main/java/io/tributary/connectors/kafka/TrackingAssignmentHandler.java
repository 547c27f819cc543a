package io.tributary.connectors.kafka;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;

/**
 * Connects the consumer's rebalance callbacks (run on the consumer's thread, inside poll) to the
 * offset tracker: a revocation drains and commits before the partitions are released.
 */
final class TrackingAssignmentHandler implements PartitionAssignmentHandler {
  private final OffsetTracker tracker;

  TrackingAssignmentHandler(OffsetTracker tracker) {
    this.tracker = tracker;
  }

  @Override
  public void onRevoke(Set<TopicPartition> revokedTps, RestrictedConsumer consumer) {
    tracker.revoked(revokedTps, consumer);
  }

  @Override
  public void onAssign(Set<TopicPartition> assignedTps, RestrictedConsumer consumer) {
    tracker.assigned(assignedTps);
  }

  @Override
  public void onLost(Set<TopicPartition> lostTps, RestrictedConsumer consumer) {
    tracker.lost(lostTps);
  }

  @Override
  public void onStop(Set<TopicPartition> currentTps, RestrictedConsumer consumer) {
    tracker.stopped(currentTps, consumer);
  }
}
