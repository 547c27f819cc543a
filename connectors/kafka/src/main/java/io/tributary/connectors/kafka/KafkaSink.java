package io.tributary.connectors.kafka;

import io.tributary.streams.envelope.Envelope;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Produces to Kafka from a stream, on Pekko Connectors Kafka, with {@code acks=all} and
 * idempotence on by default: an element counts as produced only once every in-sync replica has
 * it. For envelopes, the source message is acknowledged only after its record was produced.
 */
public final class KafkaSink {

  private KafkaSink() {}

  /**
   * Producer settings with Tributary's defaults: bytes, acks=all, idempotence, a short linger
   * for batching. Change them with Pekko's {@code withProperty}.
   */
  public static ProducerSettings<byte[], byte[]> producerSettings(ClassicActorSystemProvider system,
      String bootstrapServers) {
    return ProducerSettings.create(system, new ByteArraySerializer(), new ByteArraySerializer())
        .withBootstrapServers(bootstrapServers)
        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .withProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
        .withProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
  }

  /** Produces each record; the materialized stage completes when all were acknowledged by the broker. */
  public static Sink<ProducerRecord<byte[], byte[]>, CompletionStage<Done>> records(
      ProducerSettings<byte[], byte[]> settings) {
    return Producer.plainSink(settings);
  }

  /**
   * Produces each envelope's record and emits the envelope with the record's metadata, keeping the
   * source acknowledgement for the next step.
   */
  public static Flow<Envelope<ProducerRecord<byte[], byte[]>>, Envelope<RecordMetadata>, NotUsed> flow(
      ProducerSettings<byte[], byte[]> settings) {
    return Flow.<Envelope<ProducerRecord<byte[], byte[]>>>create()
        .map(envelope -> ProducerMessage.single(envelope.payload(), envelope))
        .via(Producer.flexiFlow(settings))
        .map(result -> {
          ProducerMessage.Result<byte[], byte[], Envelope<ProducerRecord<byte[], byte[]>>> single =
              (ProducerMessage.Result<byte[], byte[], Envelope<ProducerRecord<byte[], byte[]>>>) result;
          return single.passThrough().withPayload(single.metadata());
        });
  }

  /** Produces each envelope's record, then acknowledges the envelope at its source. */
  public static Sink<Envelope<ProducerRecord<byte[], byte[]>>, CompletionStage<Done>> envelopes(
      ProducerSettings<byte[], byte[]> settings) {
    return flow(settings).toMat(Sink.foreach(Envelope::acknowledge), Keep.right());
  }
}
