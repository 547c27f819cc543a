package io.tributary.connectors.kafka;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.envelope.Envelope;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Produces to Kafka from a stream with {@code acks=all} and idempotence on by default: an element
 * counts as produced only once every in-sync replica has it. For envelopes, the source message is
 * acknowledged only after its record was produced.
 *
 * <p>A sink never hangs silently. The producer gives up on a record after {@code
 * delivery.timeout.ms} (60 s by default here, 120 s in Kafka), and the stream then fails with a
 * {@link KafkaDeliveryException} naming the record's topic-partition and the cause. A watchdog
 * fails it too when the oldest record in flight has had no answer for {@code delivery.timeout.ms}
 * plus {@link #WATCHDOG_SLACK} (or the timeout given). Nothing after an unacknowledged record is
 * emitted or acknowledged.
 */
public final class KafkaSink {

  /** How long past {@code delivery.timeout.ms} the default watchdog waits for a producer's answer. */
  public static final Duration WATCHDOG_SLACK = Duration.ofSeconds(15);

  /** Tributary's {@code delivery.timeout.ms}: long enough for a leader election, short enough to notice. */
  static final int DELIVERY_TIMEOUT_MS = 60_000;

  private KafkaSink() {}

  /**
   * Producer settings with Tributary's defaults: bytes, acks=all, idempotence, a short linger for
   * batching, a 60 s delivery timeout. Change them with Pekko's {@code withProperty}.
   */
  public static ProducerSettings<byte[], byte[]> producerSettings(ClassicActorSystemProvider system,
      String bootstrapServers) {
    return ProducerSettings.create(system, new ByteArraySerializer(), new ByteArraySerializer())
        .withBootstrapServers(bootstrapServers)
        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .withProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
        .withProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024))
        .withProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
  }

  /**
   * The default watchdog of a sink with these settings: their {@code delivery.timeout.ms} (Kafka's
   * default when unset) plus {@link #WATCHDOG_SLACK}.
   */
  public static Duration watchdogTimeout(ProducerSettings<?, ?> settings) {
    String configured = settings.getProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    long deliveryMs = configured == null ? 120_000 : Long.parseLong(configured.trim());
    return Duration.ofMillis(deliveryMs).plus(WATCHDOG_SLACK);
  }

  /**
   * Describes a sink that produces JSON payloads of {@code payloadType} to {@code topic} (records
   * with a text key), for a service's document ({@code AsyncApi.document}).
   *
   * @param bootstrapServers the brokers
   * @param topic the topic
   * @param payloadType the type of the values, written as JSON
   * @return the {@code send} channel
   */
  public static ChannelDescription describe(String bootstrapServers, String topic, Type payloadType) {
    return describe(bootstrapServers, topic, null,
        MessageDescription.ofType(payloadType).withBindings(KafkaDescriptions.TEXT_KEY));
  }

  /**
   * Describes a sink that produces {@code message} to {@code topic}.
   *
   * @param bootstrapServers the brokers
   * @param topic the topic
   * @param partitions its partition count when the service decides it (creates the topic), else null
   * @param message the message, with the record key in its bindings ({@code key}: a JSON Schema) when
   *     records have one
   * @return the {@code send} channel
   */
  public static ChannelDescription describe(String bootstrapServers, String topic, Integer partitions,
      MessageDescription message) {
    return KafkaDescriptions.producer(bootstrapServers, topic, partitions, message);
  }

  /** Produces each record; the materialized stage completes when all were acknowledged by the broker. */
  public static Sink<ProducerRecord<byte[], byte[]>, CompletionStage<Done>> records(
      ProducerSettings<byte[], byte[]> settings) {
    return flow(settings, Function.<ProducerRecord<byte[], byte[]>>identity())
        .toMat(Sink.ignore(), Keep.right());
  }

  /**
   * Produces each envelope's record and emits the envelope with the record's metadata, keeping the
   * source acknowledgement for the next step.
   */
  public static Flow<Envelope<ProducerRecord<byte[], byte[]>>, Envelope<RecordMetadata>, NotUsed> flow(
      ProducerSettings<byte[], byte[]> settings) {
    return Flow.fromGraph(new KafkaProducerStage<Envelope<ProducerRecord<byte[], byte[]>>, Envelope<RecordMetadata>>(
        settings, Envelope::payload, Envelope::withPayload, watchdogTimeout(settings)));
  }

  /**
   * Produces a record for each element and emits the element with its record's metadata, in input
   * order, once Kafka acknowledged it; the default watchdog ({@link #watchdogTimeout}).
   *
   * @param settings the producer settings ({@link #producerSettings} gives Tributary's defaults)
   * @param toRecord the record of an element
   * @param <T> the element type
   * @return the flow
   */
  public static <T> Flow<T, Pair<T, RecordMetadata>, NotUsed> flow(ProducerSettings<byte[], byte[]> settings,
      Function<T, ProducerRecord<byte[], byte[]>> toRecord) {
    return flow(settings, toRecord, watchdogTimeout(settings));
  }

  /**
   * As {@link #flow(ProducerSettings, Function)}, with the watchdog's timeout given: the stream fails
   * when the oldest record in flight has had no answer for that long.
   *
   * @param settings the producer settings
   * @param toRecord the record of an element
   * @param noProgressTimeout how long a record may stay without an answer, positive
   * @param <T> the element type
   * @return the flow
   */
  public static <T> Flow<T, Pair<T, RecordMetadata>, NotUsed> flow(ProducerSettings<byte[], byte[]> settings,
      Function<T, ProducerRecord<byte[], byte[]>> toRecord, Duration noProgressTimeout) {
    return Flow.fromGraph(new KafkaProducerStage<T, Pair<T, RecordMetadata>>(settings, toRecord, Pair::create,
        noProgressTimeout));
  }

  /** Produces each envelope's record, then acknowledges the envelope at its source. */
  public static Sink<Envelope<ProducerRecord<byte[], byte[]>>, CompletionStage<Done>> envelopes(
      ProducerSettings<byte[], byte[]> settings) {
    return flow(settings).toMat(Sink.foreach(Envelope::acknowledge), Keep.right());
  }
}
