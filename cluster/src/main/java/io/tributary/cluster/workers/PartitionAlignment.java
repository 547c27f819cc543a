package io.tributary.cluster.workers;

import io.tributary.connectors.kafka.PartitionListener;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocation;
import org.apache.pekko.cluster.sharding.external.javadsl.ExternalShardAllocationClient;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition-aligned sharding: when the consumer group assigns this node a partition, the shard of
 * that partition's keys is placed on this node (through Pekko's {@code
 * ExternalShardAllocationStrategy}), so a key's worker lives where its partition is consumed and
 * processing needs no network hop. Plug it into the Kafka source of every node:
 *
 * <pre>{@code
 * KeyedWorkers<Order> workers = KeyedWorkers.start(node, "billing",
 *     KeyedWorkerSettings.create().withPartitionAligned(true), handler);
 * KafkaSourceSettings<Order> kafka = settings.withPartitionListener(PartitionAlignment.listener(workers));
 * }</pre>
 *
 * <p>Until the new location is recorded (and while a shard moves, the hand-off finishing the
 * running message first) work for the shard waits in Pekko's region buffers or is asked again:
 * nothing is lost, order per key holds.
 */
public final class PartitionAlignment {

  private static final Logger log = LoggerFactory.getLogger(PartitionAlignment.class);

  private PartitionAlignment() {}

  /**
   * @param workers partition-aligned keyed workers of this node
   * @return a listener that moves the shards of assigned partitions to this node
   */
  public static PartitionListener listener(KeyedWorkers<?> workers) {
    if (!workers.settings().partitionAligned()) {
      throw new IllegalArgumentException("the keyed workers " + workers.typeName()
          + " are not partition-aligned: start them with KeyedWorkerSettings.withPartitionAligned(true)");
    }
    ExternalShardAllocationClient client = ExternalShardAllocation.get(workers.system()).getClient(workers.typeName());
    Address self = Cluster.get(workers.system()).selfMember().address();
    return new PartitionListener() {
      @Override
      public void assigned(Set<TopicPartition> partitions) {
        Map<String, Address> locations = new HashMap<>();
        for (TopicPartition tp : partitions) {
          locations.put(shardOf(tp), self);
        }
        if (!locations.isEmpty()) {
          client.setShardLocations(locations).whenComplete((done, error) -> {
            if (error != null) {
              log.warn("could not place the shards {} on {}: {}; their keys' workers stay where they are",
                  locations.keySet(), self, error.toString());
            } else {
              log.info("shards {} of {} placed on {}", locations.keySet(), workers.typeName(), self);
            }
          });
        }
      }
    };
  }

  /** @return the shard of {@code partition}'s keys, {@code <topic>-<partition>} (what {@code forEnvelopes} uses) */
  public static String shardOf(TopicPartition partition) {
    return partition.topic() + "-" + partition.partition();
  }
}
