package io.tributary.bench.kafka;

import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * The at-least-once counterpart of {@link TransactionalPass}, on the same workload: {@code KafkaRunner} whose handler
 * produces each record's key and value to an output topic of its own (an idempotent producer, {@code acks=all}) and
 * completes when Kafka acknowledged it; timed like {@link RunnerPass}, until a commit covered every record.
 */
final class ProducingRunnerPass {

  private ProducingRunnerPass() {}

  static Measurement run(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings,
      ProcessingSettings processing, Map<TopicPartition, Long> endOffsets, int partitions, Duration timeout)
      throws Exception {
    String out = settings.groupId() + "-out";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      KafkaTopics.ensure(admin, out, partitions, Duration.ofSeconds(30));
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.partitionsFor(out);
      return RunnerPass.run(system, settings, processing, envelope -> {
        CompletableFuture<Done> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(out, envelope.rawKey(), envelope.rawValue()), (metadata, error) -> {
          if (error == null) {
            sent.complete(Done.getInstance());
          } else {
            sent.completeExceptionally(error);
          }
        });
        return sent;
      }, endOffsets, timeout);
    }
  }
}
