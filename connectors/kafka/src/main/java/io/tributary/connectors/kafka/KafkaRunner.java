package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.BatchSettings;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.PartitionBatches;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A complete Kafka consumer: source, processing runner (a handler per message, bounded
 * parallelism, ordered per key, retries, dead-letter) and acknowledgement, with safe commits and a
 * graceful stop. An rdkafka consumer loop, grown up:
 *
 * <pre>{@code
 * KafkaRunner<Order> runner = KafkaRunner.start(system,
 *     KafkaSourceSettings.create("127.0.0.1:9092", "billing", List.of("orders"), PayloadDecoder.json(Order.class)),
 *     ProcessingSettings.defaults().withParallelism(64),
 *     envelope -> billing.charge(envelope.payload()));
 * runner.registerShutdown(Duration.ofSeconds(30));   // SIGTERM / Ctrl-C: stop, drain, commit, close
 * }</pre>
 *
 * <p>As a {@link Describable} it tells the topics it receives from (payload: the decoder's {@link
 * io.tributary.streams.codec.PayloadDecoder#targetType() target type}) and the dead-letter topics it sends to.
 *
 * <p>As a {@link GracefulStop}: intake stops with the consumer's fetching, the drain waits for
 * the runner to finish what it holds, and the release commits every finished message (never past
 * an unfinished one), closes the consumer and the dead-letter producer, and reports what it did.
 *
 * @param <T> the payload type
 */
public final class KafkaRunner<T> extends SourceRunner<KafkaControl> implements Describable {

  private final KafkaSourceSettings<T> settings;
  private volatile Map<TopicPartition, long[]> abandonedAtRelease = Map.of();

  private KafkaRunner(ClassicActorSystemProvider system, KafkaSourceSettings<T> settings,
      Started<KafkaControl> started, KafkaDeadLetterSink<T> deadLetters) {
    super(system, started, deadLetters::close);
    this.settings = settings;
  }

  /**
   * Starts consuming: checks the brokers and topics (failing with a clear {@link
   * KafkaSetupException}), then runs source -> handler -> acknowledgement.
   */
  public static <T, R> KafkaRunner<T> start(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, ProcessingSettings processing,
      Function<Envelope<T>, ? extends CompletionStage<R>> handler) {
    return run(system, settings, processing, (source, deadLetters) -> SourceRunner.start(system, "kafka", source,
        processing, handler, deadLetters, settings.preflightTimeout(), KafkaSetupException::new));
  }

  /**
   * Starts consuming with a batch handler (as Spring Kafka's batch listeners and Parallel Consumer's batches):
   * in {@link OrderingMode#ORDERED} a batch is consecutive records of one partition, a partition's batches run
   * one after another; in {@link OrderingMode#ORDERED_PER_KEY} (and {@code UNORDERED}) a batch holds records of
   * keys that are free, never two records of one key in concurrent batches. Each record is acknowledged (its
   * offset committable) once its batch succeeded; failed records are retried and dead-lettered per record
   * ({@link io.tributary.streams.processing.BatchFailedException} fails only some). See {@link
   * Processing#batching} and {@link PartitionBatches}.
   *
   * @param batch how batches are formed: at most {@code maxSize} records, waiting at most {@code maxWait}
   * @param handler called once per batch; its stage completes when the batch is done
   */
  public static <T> KafkaRunner<T> startBatches(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, ProcessingSettings processing, BatchSettings batch,
      Function<List<Envelope<T>>, ? extends CompletionStage<?>> handler) {
    if (processing.mode() != OrderingMode.ORDERED) {
      return start(system, settings, processing, Processing.batching(processing, batch, handler));
    }
    return run(system, settings, processing, (source, deadLetters) -> SourceRunner.start(system, "kafka",
        source.via(PartitionBatches.<T>flow(batch)), processing, PartitionBatches.handler(handler),
        PartitionBatches.deadLetters(deadLetters), settings.preflightTimeout(), KafkaSetupException::new));
  }

  /** Checks the brokers and topics, then starts the stream {@code starter} builds on the source. */
  private static <T> KafkaRunner<T> run(ClassicActorSystemProvider system, KafkaSourceSettings<T> settings,
      ProcessingSettings processing,
      BiFunction<Source<Envelope<T>, KafkaControl>, KafkaDeadLetterSink<T>, Started<KafkaControl>> starter) {
    if (settings.preflight()) {
      KafkaPreflight.check(settings.bootstrapServers(), settings.topics(), settings.preflightTimeout(),
          KafkaClientConfig.connection(settings.consumerProperties()));
    }
    KafkaDeadLetterSink<T> deadLetters = KafkaDeadLetterSink.create(settings);
    try {
      // ORDERED: one in flight per partition, so a merged fetch would let one partition fill the buffer.
      // ORDERED_PER_KEY unless turned off (withPartitionFairFetch): more keys in the look-ahead.
      boolean fair = processing.mode() == OrderingMode.ORDERED
          || (processing.mode() == OrderingMode.ORDERED_PER_KEY && settings.partitionFairFetch());
      Source<Envelope<T>, KafkaControl> source = fair
          ? KafkaSource.createPartitionFair(system, settings.withoutPreflight(), deadLetters)
          : KafkaSource.create(system, settings.withoutPreflight(), deadLetters);
      Started<KafkaControl> started = starter.apply(source, deadLetters);
      KafkaRunner<T> runner = new KafkaRunner<>(system, settings, started, deadLetters);
      runner.bindTelemetry();
      return runner;
    } catch (RuntimeException e) {
      deadLetters.close();
      throw e;
    }
  }

  /**
   * The channels of a runner with these settings, without starting one: each topic received, and its
   * dead-letter topic sent to.
   *
   * @param settings the settings
   * @return the descriptions, per topic its channel then its dead-letter channel
   */
  public static List<ChannelDescription> describe(KafkaSourceSettings<?> settings) {
    return KafkaDescriptions.consumer(settings);
  }

  /** @return the topics this runner receives from and their dead-letter topics */
  @Override
  public List<ChannelDescription> describe() {
    return describe(settings);
  }

  @Override
  public String name() {
    return "kafka-consumer[" + String.join(",", settings.topics()) + "/" + settings.groupId() + "]";
  }

  /** Kafka's abandoned messages are those a handler started and had not finished. */
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
    return "committed=" + committed + " abandoned=" + lost;
  }
}
