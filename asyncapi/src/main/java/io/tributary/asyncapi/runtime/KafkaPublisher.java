package io.tributary.asyncapi.runtime;

import io.tributary.connectors.kafka.KafkaSink;
import io.tributary.streams.describe.ChannelDescription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A {@link Publisher} to Kafka over {@link KafkaSink}: a send completes once every in-sync replica has
 * the record ({@code acks=all}, idempotent). The key of a {@link Publication} is the record key (UTF-8),
 * its headers the record headers.
 *
 * <pre>{@code
 * try (KafkaPublisher<Order> orders = KafkaPublisher.create(system, "127.0.0.1:9092", "orders",
 *     PayloadEncoder.json(Order.class))) {
 *   orders.send(Publication.of("orders", order).withKey(order.customer())).toCompletableFuture().join();
 * }
 * }</pre>
 *
 * @param <T> the payload type
 */
public final class KafkaPublisher<T> extends StreamPublisher<T, ProducerRecord<byte[], byte[]>> {

  private final String bootstrapServers;
  private final PayloadEncoder<T> encoder;

  private KafkaPublisher(ClassicActorSystemProvider system, ProducerSettings<byte[], byte[]> producer,
      String topic, PayloadEncoder<T> encoder, PublisherSettings settings) {
    super(system, "kafka-publisher[" + topic + "]", topic, settings, p -> record(p, encoder),
        flow(producer.withParallelism(settings.maxInFlight())), () -> {});
    this.bootstrapServers = String.valueOf(producer.getProperties().get("bootstrap.servers"));
    this.encoder = encoder;
  }

  /**
   * A publisher with Tributary's producer defaults ({@link KafkaSink#producerSettings}) and {@link
   * PublisherSettings#defaults()}.
   *
   * @param system the actor system the producer's stream runs on
   * @param bootstrapServers the brokers
   * @param topic the topic {@link #send(Object)} produces to (the address of the publisher)
   * @param encoder writes payloads
   * @param <T> the payload type
   * @return the publisher, running
   */
  public static <T> KafkaPublisher<T> create(ClassicActorSystemProvider system, String bootstrapServers,
      String topic, PayloadEncoder<T> encoder) {
    return create(system, KafkaSink.producerSettings(system, bootstrapServers), topic, encoder,
        PublisherSettings.defaults());
  }

  /**
   * A publisher with the producer settings given.
   *
   * @param system the actor system the producer's stream runs on
   * @param producer the producer settings (their parallelism is replaced by {@code settings.maxInFlight()})
   * @param topic the topic {@link #send(Object)} produces to
   * @param encoder writes payloads
   * @param settings the bounds
   * @param <T> the payload type
   * @return the publisher, running
   */
  public static <T> KafkaPublisher<T> create(ClassicActorSystemProvider system,
      ProducerSettings<byte[], byte[]> producer, String topic, PayloadEncoder<T> encoder,
      PublisherSettings settings) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(encoder, "encoder");
    return new KafkaPublisher<>(system, producer, topic, encoder, settings);
  }

  private static <T> ProducerRecord<byte[], byte[]> record(Publication<T> p, PayloadEncoder<T> encoder) {
    RecordHeaders headers = new RecordHeaders();
    for (Map.Entry<String, String> h : p.headers().entrySet()) {
      headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
    }
    byte[] key = p.key().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    return new ProducerRecord<>(p.address(), null, key, encoder.encode(p.payload()), headers);
  }

  private static Flow<Pending<ProducerRecord<byte[], byte[]>>, Pending<ProducerRecord<byte[], byte[]>>, NotUsed>
      flow(ProducerSettings<byte[], byte[]> producer) {
    return KafkaSink.<Pending<ProducerRecord<byte[], byte[]>>>flow(producer, pending -> pending.message)
        .map(Pair::first);
  }

  /** @return the topic produced to, as {@link KafkaSink#describe(String, String, java.lang.reflect.Type)} has it */
  @Override
  public List<ChannelDescription> describe() {
    return List.of(KafkaSink.describe(bootstrapServers, address(), encoder.type()));
  }
}
