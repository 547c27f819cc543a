package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
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
    if (settings.preflight()) {
      KafkaPreflight.check(settings.bootstrapServers(), settings.topics(), settings.preflightTimeout(),
          KafkaClientConfig.connection(settings.consumerProperties()));
    }
    KafkaDeadLetterSink<T> deadLetters = KafkaDeadLetterSink.create(settings);
    try {
      Source<Envelope<T>, KafkaControl> source = processing.mode() == OrderingMode.ORDERED
          // One in flight per partition: a merged fetch would let one partition fill the buffer.
          ? KafkaSource.createPartitionFair(system, settings.withoutPreflight(), deadLetters)
          : KafkaSource.create(system, settings.withoutPreflight(), deadLetters);
      Started<KafkaControl> started = SourceRunner.start(system, source, processing, handler, deadLetters,
          settings.preflightTimeout(), KafkaSetupException::new);
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
    Map<String, Long> committed = new TreeMap<>();
    control().committedOffsets().forEach((tp, offset) -> committed.put(tp.toString(), offset));
    List<String> lost = new ArrayList<>();
    Map<String, long[]> byName = new TreeMap<>();
    abandonedAtRelease.forEach((tp, offsets) -> byName.put(tp.toString(), offsets));
    byName.forEach((tp, offsets) -> {
      for (long o : offsets) {
        lost.add(tp + "@" + o);
      }
    });
    return "committed=" + committed + " abandoned=" + lost;
  }
}
