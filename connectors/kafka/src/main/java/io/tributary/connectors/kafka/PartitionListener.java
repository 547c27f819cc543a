package io.tributary.connectors.kafka;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Told when the consumer group gives this consumer partitions or takes them away, for whatever
 * must follow the assignment (the cluster module moves the shards of partition-aligned keyed
 * workers to the node that consumes their partition). Called on the consumer's thread, inside
 * its poll: keep it short and never block. Set with {@link
 * KafkaSourceSettings#withPartitionListener}.
 */
public interface PartitionListener {

  /** A listener that does nothing (the default). */
  PartitionListener NONE = new PartitionListener() {};

  /**
   * Called after the tracker took the partitions on.
   *
   * @param partitions the partitions now assigned to this consumer
   */
  default void assigned(Set<TopicPartition> partitions) {}

  /**
   * Called after the partitions were drained and committed (revoked), or lost (another consumer
   * may already own them).
   *
   * @param partitions the partitions this consumer no longer owns
   */
  default void released(Set<TopicPartition> partitions) {}
}
