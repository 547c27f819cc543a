package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.FailurePolicy;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingSettings;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Exactly-once from Kafka to Kafka: records consumed, processed by the per-key parallel runner, their results
 * produced and their offsets committed in one Kafka transaction. Consumers of the output that read with {@code
 * isolation.level=read_committed} see each input's results exactly once, whatever crashes, aborts or rebalances.
 *
 * <pre>{@code
 * TransactionalKafkaRunner<Order> runner = TransactionalKafkaRunner.start(system,
 *     KafkaSourceSettings.create("127.0.0.1:9092", "billing", List.of("orders"), PayloadDecoder.json(Order.class)),
 *     TransactionalSettings.defaults().withTransactionalId("billing-" + podOrdinal),
 *     ProcessingSettings.defaults().withParallelism(64),
 *     envelope -> billing.invoice(envelope.payload())
 *         .thenApply(invoice -> List.of(new ProducerRecord<>("invoices", envelope.rawKey(), invoice.bytes()))));
 * runner.registerShutdown(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>The handler returns the records to produce (any topics; an empty list produces nothing). Results are held until
 * every earlier offset of their partition is done, so a transaction holds exactly the results of the offsets it
 * commits. Transactions commit on an interval and a size ({@link TransactionalSettings}). Failure policies: {@code
 * DEAD_LETTER} writes the dead letter in the same transaction; {@code STOP} aborts the open transaction and rewinds
 * to the last committed offsets (what it held runs again), stopping after {@code max-aborts} in a row; {@code SKIP}
 * commits the offset with no result. Handler side effects outside Kafka may run more than once. See
 * docs/decisions/0005-exactly-once.md.
 *
 * @param <T> the payload type
 */
public final class TransactionalKafkaRunner<T> extends SourceRunner<TransactionalControl> {

  private final KafkaSourceSettings<T> settings;
  private volatile Map<TopicPartition, long[]> abandonedAtRelease = Map.of();

  private TransactionalKafkaRunner(ClassicActorSystemProvider system, KafkaSourceSettings<T> settings,
      Started<TransactionalControl> started) {
    super(system, started, () -> {});
    this.settings = settings;
  }

  /**
   * Starts consuming: checks the brokers and topics (failing with a clear {@link KafkaSetupException}), creates
   * missing dead-letter topics, initialises the transactional producer (fencing an earlier one with the same
   * {@code transactional.id}), then runs source -> handler -> transaction until stopped.
   *
   * @param system the actor system the stream runs on
   * @param settings the consumer side (brokers, group, topics, decoder, dead-letter suffix, drain window)
   * @param tx the transaction side
   * @param processing the processing runner's settings (ordering, parallelism, retries, failure policy)
   * @param handler returns, per message, the records to produce in its transaction
   * @param <T> the payload type
   * @return the running runner
   */
  public static <T> TransactionalKafkaRunner<T> start(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, TransactionalSettings tx, ProcessingSettings processing,
      Function<Envelope<T>, ? extends CompletionStage<? extends Collection<ProducerRecord<byte[], byte[]>>>> handler) {
    if (settings.preflight()) {
      KafkaPreflight.check(settings.bootstrapServers(), settings.topics(), settings.preflightTimeout());
      if (!tx.outputTopics().isEmpty()) {
        KafkaPreflight.check(settings.bootstrapServers(), tx.outputTopics(), settings.preflightTimeout());
      }
    }
    TransactionalKafkaSource.prepareDeadLetterTopics(settings);
    int capacity = processing.effectiveBufferSize();
    TransactionalLoop<T> loop = new TransactionalLoop<>(settings, tx, capacity);
    boolean abort = processing.failurePolicy() == FailurePolicy.STOP;
    TransactionalDeadLetters<T> failures = new TransactionalDeadLetters<>(loop, settings::deadLetterTopic, abort);
    ProcessingSettings inTransaction = abort ? processing.withFailurePolicy(FailurePolicy.DEAD_LETTER) : processing;
    Source<Envelope<T>, TransactionalControl> source = TransactionalKafkaSource.of(loop, capacity);
    Started<TransactionalControl> started = SourceRunner.start(system, source, inTransaction,
        new ResultHandler<>(handler), failures, settings.preflightTimeout().plusSeconds(15), KafkaSetupException::new);
    TransactionalKafkaRunner<T> runner = new TransactionalKafkaRunner<>(system, settings, started);
    runner.bindTelemetry();
    return runner;
  }

  /** The user's handler, its results kept on the record's acknowledgement until the record is done. */
  private record ResultHandler<T>(
      Function<Envelope<T>, ? extends CompletionStage<? extends Collection<ProducerRecord<byte[], byte[]>>>> handler)
      implements Function<Envelope<T>, CompletionStage<List<ProducerRecord<byte[], byte[]>>>> {
    @Override
    public CompletionStage<List<ProducerRecord<byte[], byte[]>>> apply(Envelope<T> envelope) {
      return handler.apply(envelope).thenApply(records -> {
        List<ProducerRecord<byte[], byte[]>> list = records == null ? List.of() : List.copyOf(records);
        if (envelope.ack() instanceof TransactionalAck ack) {
          ack.results(list);
        }
        return list;
      });
    }

    @Override
    public String toString() {
      return Processing.handlerName(handler);
    }
  }

  @Override
  public String name() {
    return "kafka-transactional[" + String.join(",", settings.topics()) + "/" + settings.groupId() + "]";
  }

  /** The abandoned messages are those a handler started and had not finished: they run again after a restart. */
  @Override
  protected long abandonedNow() {
    Map<TopicPartition, long[]> started = control().startedMessages();
    abandonedAtRelease = started;
    return started.values().stream().mapToInt(o -> o.length).sum();
  }

  @Override
  protected String report(long abandoned) {
    Map<String, Long> committed = ShutdownReports.committed(control().committedOffsets());
    List<String> lost = ShutdownReports.abandoned(abandonedAtRelease);
    return "committed=" + committed + " transactions=" + control().commits() + " aborts=" + control().aborts()
        + " abandoned=" + lost;
  }
}
