package io.tributary.cluster.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.cluster.ClusterNode;
import io.tributary.cluster.LocalCluster;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.kafka.PartitionListener;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocation;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocationStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes in one consumer group with partition-aligned keyed workers: each record's worker runs on the node that
 * consumes the record's partition (no network hop), and every record is processed.
 */
class PartitionAlignedKafkaTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @Test
  void eachKeysWorkerLivesWhereItsPartitionIsConsumed() throws Exception {
    String topic = "aligned";
    kafka.createTopic(topic, 4);
    Map<TopicPartition, String> owner = new ConcurrentHashMap<>();
    Map<String, String> ranOn = new ConcurrentHashMap<>(); // partition@offset -> node
    try (LocalCluster cluster = LocalCluster.start("aligned", 2)) {
      KeyedWorkerSettings settings = KeyedWorkerSettings.create().withPartitionAligned(true)
          .withAskTimeout(Duration.ofSeconds(5));
      List<KeyedWorkers<String>> all = new ArrayList<>();
      for (ClusterNode node : cluster.nodes()) {
        String where = node.address().toString();
        KeyedWorkers<String> workers = KeyedWorkers.start(node, "aligned", settings, work -> {
          ranOn.put(work.shard() + "@" + work.position(), where);
          return CompletableFuture.completedFuture(work.payload());
        });
        all.add(workers);
        PartitionListener alignment = PartitionAlignment.listener(workers);
        PartitionListener recording = new PartitionListener() {
          @Override
          public void assigned(Set<TopicPartition> partitions) {
            partitions.forEach(tp -> owner.put(tp, where));
            alignment.assigned(partitions);
          }

          @Override
          public void released(Set<TopicPartition> partitions) {
            partitions.forEach(tp -> owner.remove(tp, where));
          }
        };
        KafkaRunner<String> runner = KafkaRunner.start(node.system(),
            KafkaSourceSettings.create(kafka.bootstrapServers(), "aligned-group", List.of(topic),
                PayloadDecoder.string()).withPartitionListener(recording),
            ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(16),
            workers.forEnvelopes(Envelope::payload));
        node.tributary().manage(runner, Duration.ofSeconds(30)); // stops (drain, commit) when the node stops
      }
      // Both consumers own two partitions each, and the shard locations say so.
      await().atMost(60, TimeUnit.SECONDS).until(() -> owner.size() == 4
          && owner.values().stream().distinct().count() == 2);
      await().atMost(30, TimeUnit.SECONDS).until(() -> {
        Map<String, ExternalShardAllocationStrategy.ShardLocation> locations =
            ExternalShardAllocation.get(cluster.node(0).system()).getClient(all.get(0).typeName())
                .getShardLocations().toCompletableFuture().get(10, TimeUnit.SECONDS).getShardLocations();
        return owner.entrySet().stream().allMatch(e -> {
          ExternalShardAllocationStrategy.ShardLocation at = locations.get(PartitionAlignment.shardOf(e.getKey()));
          return at != null && e.getValue().equals(at.address().host().get() + ":" + at.address().port().get());
        });
      });

      int count = 400;
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        records.add(new ProducerRecord<>(topic, ("key-" + i % 40).getBytes(StandardCharsets.UTF_8),
            ("value-" + i).getBytes(StandardCharsets.UTF_8)));
      }
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        KafkaRecords.sendAll(producer, records);
      }
      await().atMost(60, TimeUnit.SECONDS).until(() -> ranOn.size() == count);

      ranOn.forEach((position, node) -> {
        String shard = position.substring(0, position.indexOf('@'));
        int partition = Integer.parseInt(shard.substring(shard.lastIndexOf('-') + 1));
        assertThat(node).as("the node that ran %s", position).isEqualTo(owner.get(new TopicPartition(topic,
            partition)));
      });
    }
  }
}
