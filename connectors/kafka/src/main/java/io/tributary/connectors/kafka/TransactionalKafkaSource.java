package io.tributary.connectors.kafka;

import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.stream.javadsl.Source;
import io.tributary.connectors.kafka.admin.KafkaTopics;

/**
 * The source side of exactly-once Kafka to Kafka, for stream graphs that are not a {@link TransactionalKafkaRunner}
 * (the pipeline engine's {@code kafka} source and sinks with {@code exactly_once = true}): envelopes whose
 * acknowledgement carries the records to produce. Add records with {@link #produceInTransaction} before the
 * envelope is acknowledged; when it is, and every earlier offset of its partition is too, they are produced in the
 * transaction that commits its offset. Undecodable payloads are dead-lettered in the transaction.
 */
public final class TransactionalKafkaSource {

  private TransactionalKafkaSource() {}

  /**
   * A source of envelopes whose results commit with their offsets. Materialize it once.
   *
   * @param settings the consumer side (brokers, group, topics, decoder, dead-letter suffix, drain window)
   * @param tx the transaction side
   * @param bufferSize envelopes handed out ahead of the stream's demand at most
   * @param <T> the payload type
   * @return the source, materializing its control (stop, shutdown, commits)
   */
  public static <T> Source<Envelope<T>, TransactionalControl> create(KafkaSourceSettings<T> settings,
      TransactionalSettings tx, int bufferSize) {
    if (settings.preflight()) {
      KafkaPreflight.check(settings.bootstrapServers(), settings.topics(), settings.preflightTimeout());
      if (!tx.outputTopics().isEmpty()) {
        KafkaPreflight.check(settings.bootstrapServers(), tx.outputTopics(), settings.preflightTimeout());
      }
    }
    prepareDeadLetterTopics(settings);
    return of(new TransactionalLoop<>(settings, tx, bufferSize), bufferSize);
  }

  /** The source of a loop (the runner creates the loop first: its failure handling needs it). */
  static <T> Source<Envelope<T>, TransactionalControl> of(TransactionalLoop<T> loop, int bufferSize) {
    return Source.<Envelope<T>>queue(bufferSize).mapMaterializedValue(queue -> {
      loop.start(queue);
      return new TransactionalControl(loop);
    });
  }

  /**
   * Adds {@code record} to what the envelope of {@code ack} produces in its transaction.
   *
   * @param ack the acknowledgement of an envelope of a {@link #create transactional source}
   * @param record the record to produce
   * @return false when {@code ack} is not of a transactional source (nothing was added)
   */
  public static boolean produceInTransaction(Acknowledgement ack, ProducerRecord<byte[], byte[]> record) {
    if (ack instanceof TransactionalAck t) {
      t.add(record);
      return true;
    }
    return false;
  }

  static void prepareDeadLetterTopics(KafkaSourceSettings<?> settings) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      for (String topic : settings.topics()) {
        KafkaTopics.ensure(admin, new NewTopic(settings.deadLetterTopic(topic), Optional.of(1), Optional.empty()),
            Duration.ofSeconds(30));
      }
    }
  }
}
