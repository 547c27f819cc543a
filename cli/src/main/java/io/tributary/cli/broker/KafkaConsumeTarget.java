package io.tributary.cli.broker;

import io.tributary.connectors.kafka.KafkaRunner;
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
    this.settings = KafkaSourceSettings
        .create(bootstrapServers, group, List.of(topic), PayloadDecoder.string())
        .withCommitBatchSize(commitBatch)
        .withCommitInterval(commitInterval)
        .withClientProperties(clientProperties);
  }

  @Override
  public RunningConsumer start(ActorSystem<?> system, ProcessingSettings processing,
      Function<Envelope<String>, CompletionStage<Done>> handler) {
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

  @Override
  public String columns(SourcePosition position) {
    return position.partition() + "\t" + position.offset();
  }
}
