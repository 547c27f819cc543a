package io.tributary.connectors.kafka;

import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.ProcessingFailure;
import io.tributary.streams.processing.ProcessingStoppedException;
import io.tributary.streams.telemetry.HealthSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.AutoSubscription;
import org.apache.pekko.kafka.ConnectionCheckerSettings;
import org.apache.pekko.kafka.ConsumerMessage.CommittableMessage;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backpressured source of {@link Envelope}s from Kafka, over a committable Pekko Connectors Kafka
 * source, with safe commits: each envelope's acknowledgement lets the partition's committed offset
 * advance only up to the offset below the lowest message still open, so nothing past an
 * unfinished message is committed, however out of order handlers finish.
 *
 * <pre>{@code
 * KafkaSourceSettings<Order> settings = KafkaSourceSettings.create(
 *     "127.0.0.1:9092", "billing", List.of("orders"), PayloadDecoder.json(Order.class));
 * KafkaDeadLetterSink<Order> deadLetters = KafkaDeadLetterSink.create(settings);
 * Pair<KafkaControl, CompletionStage<Done>> running = KafkaSource.create(system, settings, deadLetters)
 *     .via(Processing.flow(ProcessingSettings.defaults().withParallelism(64), billing::charge, deadLetters))
 *     .toMat(Processing.acknowledgeSink(), Keep.both())
 *     .run(system);
 * // later: running.first().drainAndShutdown(running.second(), executor)
 * }</pre>
 *
 * <p>Undecodable payloads go to the dead-letter topic with the reason and are acknowledged; they
 * never crash the stream and never vanish. On a rebalance, revoked partitions are drained for a
 * bounded window and their done prefix committed before they are released; messages of revoked
 * partitions that did not start yet are dropped (their new owner processes them), so this consumer
 * never processes a message twice. A group without committed offsets starts from the earliest.
 */
public final class KafkaSource {

  private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

  private KafkaSource() {}

  /** A source whose undecodable payloads go to a dead-letter sink it creates (and closes at shutdown). */
  public static <T> Source<Envelope<T>, KafkaControl> create(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings) {
    preflight(settings);
    return create(system, settings.withoutPreflight(), KafkaDeadLetterSink.create(settings), true, false);
  }

  /** A source whose undecodable payloads go to {@code deadLetters} (the caller closes it). */
  public static <T> Source<Envelope<T>, KafkaControl> create(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, DeadLetterSink<?> deadLetters) {
    return create(system, settings, deadLetters, false, false);
  }

  /**
   * Like {@link #create(ClassicActorSystemProvider, KafkaSourceSettings, DeadLetterSink)}, but
   * each assigned partition is fetched as its own backpressured substream and the substreams are
   * merged as they have messages ({@code Consumer.committablePartitionedSource}). One partition's
   * backlog then never fills downstream's buffer ahead of the others: use it when downstream keeps
   * one message in flight per partition (the runner's {@code ORDERED} mode does). It costs some
   * throughput against the single merged fetch.
   */
  public static <T> Source<Envelope<T>, KafkaControl> createPartitionFair(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, DeadLetterSink<?> deadLetters) {
    return create(system, settings, deadLetters, false, true);
  }

  private static <T> Source<Envelope<T>, KafkaControl> create(ClassicActorSystemProvider system,
      KafkaSourceSettings<T> settings, DeadLetterSink<?> deadLetters, boolean ownsDeadLetters,
      boolean partitionFair) {
    if (settings.preflight()) {
      preflight(settings);
    }
    if (deadLetters instanceof KafkaDeadLetterSink<?> kafka) {
      for (String topic : settings.topics()) {
        kafka.prepare(topic); // a missing dead-letter topic fails the start, not the first bad record
      }
    }
    ActorSystem classic = system.classicSystem();
    OffsetTracker tracker = new OffsetTracker(settings.revokeDrainTimeout(), settings.commitBatchSize());
    SharedKillSwitch killSwitch = KillSwitches.shared("tributary-kafka-" + settings.groupId());
    KafkaSourceMeters meters = new KafkaSourceMeters(tracker, HealthSettings.fromConfig(classic.settings().config()).stuckAfter());
    ConsumerSettings<byte[], byte[]> plain = consumerSettings(classic, settings);
    scala.Function1<ConsumerSettings<byte[], byte[]>, org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>>
        factory = plain.consumerFactory();
    // Catches the consumer instance for the client's metrics (Micrometer's KafkaClientMetrics).
    ConsumerSettings<byte[], byte[]> consumerSettings = plain.withConsumerFactory(cs -> {
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> created = factory.apply(cs);
      meters.consumerCreated(created);
      return created;
    });
    AutoSubscription subscription = Subscriptions.topics(new HashSet<>(settings.topics()))
        .withPartitionAssignmentHandler(new TrackingAssignmentHandler(tracker, settings.partitionListener()));
    Source<CommittableMessage<byte[], byte[]>, Consumer.Control> messages = partitionFair
        // Every assigned partition's substream is merged at once (no breadth limit that could
        // starve partitions beyond it); a breadth this large gives Pekko a growing queue.
        ? Consumer.committablePartitionedSource(consumerSettings, subscription)
            .flatMapMerge(Integer.MAX_VALUE, Pair::second)
        : Consumer.committableSource(consumerSettings, subscription);
    return messages
        .via(killSwitch.flow())
        // map + filter rather than mapConcat: no list, iterator and wrapper per message.
        .map(message -> toEnvelope(message, tracker, settings, deadLetters, killSwitch))
        .filter(envelope -> envelope != DROPPED)
        .mapMaterializedValue(consumer -> {
          Cancellable ticker = classic.scheduler().scheduleWithFixedDelay(settings.commitInterval(),
              settings.commitInterval(), tracker::commitAsync, classic.dispatcher());
          return new KafkaControl(consumer, tracker, ticker, deadLetters, ownsDeadLetters, meters);
        });
  }

  private static void preflight(KafkaSourceSettings<?> settings) {
    KafkaPreflight.check(settings.bootstrapServers(), settings.topics(), settings.preflightTimeout(),
          KafkaClientConfig.connection(settings.consumerProperties()));
  }

  /**
   * The Pekko Connectors consumer settings Tributary's source runs with: bytes in, manual commits,
   * tuned defaults, then {@code settings.consumerProperties()}. Public for pipelines (and the
   * benchmarks) that use Pekko Connectors directly with the same tuning.
   */
  public static ConsumerSettings<byte[], byte[]> consumerSettings(ActorSystem system, KafkaSourceSettings<?> settings) {
    ConsumerSettings<byte[], byte[]> cs = ConsumerSettings
        .create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .withBootstrapServers(settings.bootstrapServers())
        .withGroupId(settings.groupId())
        .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        // Fewer, larger polls: the consumer actor's per-poll overhead dominates with Kafka's 500.
        .withProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000")
        .withProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024))
        // A crashed member's partitions move on after 10 s instead of Kafka's 45 s.
        .withProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000")
        .withProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000")
        // Graceful stop is our drain-and-commit; Pekko's own stop wait would only delay it.
        .withStopTimeout(Duration.ZERO)
        // A lost broker fails the stream with a clear error after ~1 minute instead of hanging.
        .withConnectionChecker(ConnectionCheckerSettings.create(6,
            scala.concurrent.duration.FiniteDuration.create(1, java.util.concurrent.TimeUnit.SECONDS), 2.0));
    for (Map.Entry<String, String> e : settings.consumerProperties().entrySet()) {
      cs = cs.withProperty(e.getKey(), e.getValue());
    }
    return cs;
  }

  /** Stands for "nothing to emit" between the map and the filter (a stream cannot carry null). */
  private static final Envelope<Object> DROPPED = new Envelope<>(null, null, List.of(), Instant.EPOCH,
      new SourcePosition("dropped", 0, 0), Acknowledgement.NONE, null, null);

  @SuppressWarnings("unchecked")
  private static <T> Envelope<T> dropped() {
    return (Envelope<T>) (Envelope<?>) DROPPED;
  }

  /** The envelope of a record, or {@link #DROPPED} when it is not emitted. */
  private static <T> Envelope<T> toEnvelope(CommittableMessage<byte[], byte[]> message,
      OffsetTracker tracker, KafkaSourceSettings<T> settings, DeadLetterSink<?> deadLetters,
      SharedKillSwitch killSwitch) {
    ConsumerRecord<byte[], byte[]> record = message.record();
    Acknowledgement ack = tracker.register(new TopicPartition(record.topic(), record.partition()),
        record.offset(), message.committableOffset());
    if (ack == null) {
      log.debug("dropping {}-{}@{}: partition revoked or offset already handed out",
          record.topic(), record.partition(), record.offset());
      return dropped();
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    List<Header> headers = headersOf(record);
    Instant timestamp = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    SourcePosition position = new SourcePosition(record.topic(), record.partition(), record.offset());
    T payload;
    try {
      payload = settings.decoder().decode(record.value());
    } catch (Exception e) {
      deadLetterUndecodable(new Envelope<>(key, record.value() == null ? new byte[0] : record.value(),
          headers, timestamp, position, ack, record.key(), record.value()), e, deadLetters, killSwitch);
      return dropped();
    }
    return new Envelope<>(key, payload, headers, timestamp, position, ack, record.key(), record.value());
  }

  private static void deadLetterUndecodable(Envelope<byte[]> envelope, Exception error,
      DeadLetterSink<?> deadLetters, SharedKillSwitch killSwitch) {
    envelope.ack().begin(); // a revocation waits for this write like for a running handler
    log.warn("payload of {} cannot be decoded ({}); dead-lettering it", envelope.position(), error.toString());
    deadLetters.write(envelope, ProcessingFailure.of(error, 1, Instant.now()), DeadLetterStage.DECODE)
        .whenComplete((done, writeError) -> {
          if (writeError == null) {
            envelope.acknowledge();
          } else {
            log.error("dead-letter write for undecodable {} failed; stopping without acknowledging it",
                envelope.position(), writeError);
            killSwitch.abort(new ProcessingStoppedException("dead-letter write failed for an "
                + "undecodable payload", envelope.position(), writeError));
          }
        });
  }

  private static List<Header> headersOf(ConsumerRecord<byte[], byte[]> record) {
    org.apache.kafka.common.header.Header[] raw = record.headers().toArray();
    if (raw.length == 0) {
      return List.of();
    }
    List<Header> headers = new ArrayList<>(raw.length);
    for (org.apache.kafka.common.header.Header h : raw) {
      headers.add(new Header(h.key(), h.value()));
    }
    return headers;
  }
}
