package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.GracefulStop;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.Processing;
import io.tributary.streams.processing.ProcessingMetrics;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;

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
 * <p>As a {@link GracefulStop}: intake stops with the consumer's fetching, the drain waits for
 * the runner to finish what it holds, and the release commits every finished message (never past
 * an unfinished one), closes the consumer and the dead-letter producer, and reports what it did.
 *
 * @param <T> the payload type
 */
public final class KafkaRunner<T> extends SourceRunner<KafkaControl> {

  private final KafkaSourceSettings<T> settings;
  private final KafkaDeadLetterSink<T> deadLetters;
  private volatile int abandonedAtRelease;

  private KafkaRunner(ClassicActorSystemProvider system, KafkaSourceSettings<T> settings,
      KafkaControl control, ProcessingMetrics metrics, CompletionStage<Done> completion,
      KafkaDeadLetterSink<T> deadLetters) {
    super(system, control, metrics, completion);
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  /**
   * Starts consuming: checks the brokers and topics (failing with a clear {@link
   * KafkaSetupException}), then runs source -> handler -> acknowledgement.
   */
  public static <T, R> KafkaRunner<T> start(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, ProcessingSettings processing,
      Function<Envelope<T>, ? extends CompletionStage<R>> handler) {
    if (settings.preflight()) {
      KafkaPreflight.check(settings.bootstrapServers(), settings.topics(), settings.preflightTimeout());
    }
    KafkaDeadLetterSink<T> deadLetters = KafkaDeadLetterSink.create(settings);
    try {
      Pair<KafkaControl, Pair<ProcessingMetrics, CompletionStage<Done>>> running =
          (processing.mode() == OrderingMode.ORDERED
              // One in flight per partition: a merged fetch would let one partition fill the buffer.
              ? KafkaSource.createPartitionFair(system, settings.withoutPreflight(), deadLetters)
              : KafkaSource.create(system, settings.withoutPreflight(), deadLetters))
              .toMat(Processing.<T, R>envelopeSink(processing, handler, deadLetters), Keep.both())
              .run(system.classicSystem());
      return new KafkaRunner<>(system, settings, running.first(), running.second().first(),
          running.second().second(), deadLetters);
    } catch (RuntimeException e) {
      deadLetters.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "kafka-consumer[" + String.join(",", settings.topics()) + "/" + settings.groupId() + "]";
  }

  @Override
  public CompletionStage<String> release() {
    KafkaControl control = control();
    Map<TopicPartition, long[]> abandoned = control.startedMessages();
    abandonedAtRelease = abandoned.values().stream().mapToInt(o -> o.length).sum();
    return control.commit().toCompletableFuture()
        .orTimeout(15, TimeUnit.SECONDS)
        .handle((done, error) -> Done.getInstance())
        .thenCompose(c -> control.shutdown().toCompletableFuture()
            .orTimeout(15, TimeUnit.SECONDS)
            .handle((done, error) -> Done.getInstance()))
        .thenApply(d -> {
          deadLetters.close();
          return report(abandoned);
        });
  }

  private String report(Map<TopicPartition, long[]> abandoned) {
    long drained = drainedSinceDrainStart();
    Map<String, Long> committed = new TreeMap<>();
    control().committedOffsets().forEach((tp, offset) -> committed.put(tp.toString(), offset));
    List<String> lost = new ArrayList<>();
    toNames(abandoned).forEach((tp, offsets) -> {
      for (long o : offsets) {
        lost.add(tp + "@" + o);
      }
    });
    return "drained=" + drained + " committed=" + committed + " abandoned=" + lost;
  }

  private static Map<String, long[]> toNames(Map<TopicPartition, long[]> byPartition) {
    Map<String, long[]> m = new TreeMap<>();
    byPartition.forEach((tp, o) -> m.put(tp.toString(), o));
    return m;
  }

  /** @return how many started messages were still unfinished when the stop released the consumer */
  public int abandonedAtStop() {
    return abandonedAtRelease;
  }

  @Override
  public long inFlight() {
    return control().openMessages();
  }
}
