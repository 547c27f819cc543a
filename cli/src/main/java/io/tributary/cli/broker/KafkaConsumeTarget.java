package io.tributary.cli.broker;

import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.TransactionalKafkaRunner;
import io.tributary.connectors.kafka.TransactionalSettings;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code consume --bootstrap-servers}: a {@link KafkaRunner} on one topic and group, committing
 * at-least-once in batches; attached once partitions are assigned. Columns: partition and offset.
 */
public final class KafkaConsumeTarget implements ConsumeTarget {

  private final KafkaSourceSettings<String> settings;
  /** The exactly-once mode's output topic and transactions, or null (at-least-once). */
  private final String outputTopic;
  private final TransactionalSettings transactions;

  /**
   * @param commitBatch commit after this many acknowledged records
   * @param commitInterval commit at least this often while records are acknowledged
   */
  public KafkaConsumeTarget(String bootstrapServers, String topic, String group, int commitBatch,
      Duration commitInterval) {
    this(bootstrapServers, topic, group, commitBatch, commitInterval, Map.of());
  }

  /**
   * @param commitBatch commit after this many acknowledged records
   * @param commitInterval commit at least this often while records are acknowledged
   * @param clientProperties a Kafka client config's properties (TLS, SASL), secret references resolved
   */
  public KafkaConsumeTarget(String bootstrapServers, String topic, String group, int commitBatch,
      Duration commitInterval, Map<String, String> clientProperties) {
    this(KafkaSourceSettings.<String>create(bootstrapServers, group, List.of(topic), PayloadDecoder.string())
        .withCommitBatchSize(commitBatch)
        .withCommitInterval(commitInterval)
        .withClientProperties(clientProperties), null, null);
  }

  private KafkaConsumeTarget(KafkaSourceSettings<String> settings, String outputTopic,
      TransactionalSettings transactions) {
    this.settings = settings;
    this.outputTopic = outputTopic;
    this.transactions = transactions;
  }

  /**
   * {@code consume --exactly-once --output-topic T}: a {@link TransactionalKafkaRunner} that produces each record's
   * key and value to {@code outputTopic} in the transaction that commits its offset.
   *
   * @param transactionalId the producer's {@code transactional.id}, or null for {@code <group>-tx-0}
   * @param commitSize commit a transaction once it holds this many records, or null for the default
   * @param commitInterval commit a transaction at least this often, or null for the default
   * @param clientProperties a Kafka client config's properties (TLS, SASL), for the consumer and the producer
   */
  public static KafkaConsumeTarget exactlyOnce(String bootstrapServers, String topic, String group,
      String outputTopic, String transactionalId, Integer commitSize, Duration commitInterval,
      Map<String, String> clientProperties) {
    TransactionalSettings tx = TransactionalSettings.defaults().withOutputTopics(List.of(outputTopic));
    if (transactionalId != null) {
      tx = tx.withTransactionalId(transactionalId);
    }
    if (commitSize != null) {
      tx = tx.withCommitSize(commitSize);
    }
    if (commitInterval != null) {
      tx = tx.withCommitInterval(commitInterval);
    }
    return new KafkaConsumeTarget(KafkaSourceSettings.create(bootstrapServers, group, List.of(topic),
        PayloadDecoder.string()).withClientProperties(clientProperties), outputTopic, tx);
  }

  @Override
  public RunningConsumer start(ActorSystem<?> system, ProcessingSettings processing,
      Function<Envelope<String>, CompletionStage<Done>> handler) {
    if (outputTopic != null) {
      return startExactlyOnce(system, processing, handler);
    }
    KafkaRunner<String> runner;
    try {
      runner = KafkaRunner.start(system, settings, processing, handler);
    } catch (KafkaSetupException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
    // Joining a group can take a session timeout: the consumer counts as attached once it has partitions.
    return new RunningConsumer(runner, runner.completion(),
        () -> !runner.control().assignedPartitions().isEmpty(), runner::abandonedAtStop);
  }

  private RunningConsumer startExactlyOnce(ActorSystem<?> system, ProcessingSettings processing,
      Function<Envelope<String>, CompletionStage<Done>> handler) {
    TransactionalKafkaRunner<String> runner;
    try {
      runner = TransactionalKafkaRunner.start(system, settings, transactions, processing,
          envelope -> handler.apply(envelope).thenApply(done ->
              List.of(new ProducerRecord<>(outputTopic, envelope.rawKey(), envelope.rawValue()))));
    } catch (KafkaSetupException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
    return new RunningConsumer(runner, runner.completion(),
        () -> !runner.control().assignedPartitions().isEmpty(), runner::abandonedAtStop);
  }

  @Override
  public String columns(SourcePosition position) {
    return position.partition() + "\t" + position.offset();
  }
}
