package io.tributary.samples.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer group of the demo as Kafka's AdminClient sees it: which member (by {@code
 * client.id}) owns which partitions, the committed offsets, and the end offsets.
 */
final class GroupWatch implements AutoCloseable {

  private static final long TIMEOUT_MS = 5_000;

  private final Admin admin;
  private final String group;
  private final String topic;

  GroupWatch(String bootstrapServers, String group, String topic) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-cluster-demo-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS));
    this.group = group;
    this.topic = topic;
  }

  /** @return whether the group is stable (no rebalance in progress) */
  boolean isStable() throws Exception {
    return describe().state() == ConsumerGroupState.STABLE;
  }

  /** @return the partitions of the topic each member owns, by client.id */
  Map<String, Set<Integer>> assignments() throws Exception {
    Map<String, Set<Integer>> result = new HashMap<>();
    for (MemberDescription m : describe().members()) {
      Set<Integer> partitions = result.computeIfAbsent(m.clientId(), c -> new TreeSet<>());
      for (TopicPartition tp : m.assignment().topicPartitions()) {
        if (tp.topic().equals(topic)) {
          partitions.add(tp.partition());
        }
      }
    }
    return result;
  }

  /** @return the group's committed offset per partition (missing: nothing committed) */
  Map<Integer, Long> committed() throws Exception {
    Map<Integer, Long> result = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    offsets.forEach((tp, om) -> {
      if (om != null && tp.topic().equals(topic)) {
        result.put(tp.partition(), om.offset());
      }
    });
    return result;
  }

  /** @return the end offset of each of {@code partitions} */
  Map<Integer, Long> endOffsets(Set<Integer> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p : partitions) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> result = new HashMap<>();
    admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> result.put(tp.partition(), info.offset()));
    return result;
  }

  private ConsumerGroupDescription describe() throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(group);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
