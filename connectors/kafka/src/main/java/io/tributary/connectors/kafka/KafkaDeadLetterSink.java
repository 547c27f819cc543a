package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.processing.DeadLetterSink;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes messages that cannot be processed to a dead-letter topic ({@code <topic>.dlq} by
 * default): the original key, value and headers, plus the {@link DeadLetterHeaders} of every
 * broker with the error and the origin. A write completes only once the broker acknowledged it (acks=all, idempotent),
 * so a message is acknowledged at its source only after its dead letter is durable. Creates a
 * missing dead-letter topic (1 partition, the broker's default replication) on first use, or
 * ahead with {@link #prepare}. Close it when done.
 *
 * @param <T> the payload type of the envelopes it accepts
 */
public final class KafkaDeadLetterSink<T> implements DeadLetterSink<T>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetterSink.class);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final Map<String, Object> connection;
  private final UnaryOperator<String> topicFor;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

  private KafkaDeadLetterSink(String bootstrapServers, Map<String, Object> connection,
      UnaryOperator<String> topicFor) {
    this.bootstrapServers = bootstrapServers;
    this.connection = Map.copyOf(connection);
    this.topicFor = topicFor;
    Map<String, Object> config = new java.util.HashMap<>(connection);
    config.putAll(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A sink for the source configured by {@code settings}: dead letters of topic t go to {@code settings.deadLetterTopic(t)}. */
  public static <T> KafkaDeadLetterSink<T> create(KafkaSourceSettings<?> settings) {
    return new KafkaDeadLetterSink<>(settings.bootstrapServers(),
        KafkaClientConfig.connection(settings.consumerProperties()), settings::deadLetterTopic);
  }

  /** A sink writing the dead letters of topic t to {@code topicFor.apply(t)}. */
  public static <T> KafkaDeadLetterSink<T> create(String bootstrapServers, UnaryOperator<String> topicFor) {
    return new KafkaDeadLetterSink<>(bootstrapServers, Map.of(), topicFor);
  }

  /**
   * A sink writing the dead letters of topic t to {@code topicFor.apply(t)}, connecting with the client's
   * connection properties ({@link KafkaClientConfig#connection(Map)}: TLS, SASL).
   */
  public static <T> KafkaDeadLetterSink<T> create(String bootstrapServers, Map<String, String> clientProperties,
      UnaryOperator<String> topicFor) {
    return new KafkaDeadLetterSink<>(bootstrapServers, KafkaClientConfig.connection(clientProperties), topicFor);
  }

  /** Writes a dead letter (an undecodable payload, a handler that gave up) to its source topic's dead-letter topic. */
  @Override
  public CompletionStage<Done> write(DeadLetter deadLetter) {
    CompletableFuture<Done> result = new CompletableFuture<>();
    try {
      String topic = topicFor.apply(deadLetter.origin().source());
      ensureTopic(topic);
      RecordHeaders headers = new RecordHeaders();
      for (Header h : deadLetter.originalHeaders()) {
        headers.add(h.key(), h.value());
      }
      for (Header h : deadLetter.headers()) {
        headers.add(h.key(), h.value());
      }
      byte[] key = deadLetter.key();
      byte[] value = deadLetter.value();
      producer.send(new ProducerRecord<>(topic, null, key, value, headers), (metadata, error) -> {
        if (error != null) {
          result.completeExceptionally(KafkaDeliveryException.failed(topic,
              metadata == null ? -1 : metadata.partition(), bootstrapServers, error));
        } else {
          log.info("dead-lettered {} ({}) to {}-{}@{}: {}", deadLetter.origin(), deadLetter.stage().headerValue(),
              metadata.topic(), metadata.partition(), metadata.offset(), deadLetter.errorClass());
          result.complete(Done.getInstance());
        }
      });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /** Creates the dead-letter topic of source topic {@code sourceTopic} now if it is missing. */
  public void prepare(String sourceTopic) {
    ensureTopic(topicFor.apply(sourceTopic));
  }

  private void ensureTopic(String topic) {
    if (knownTopics.contains(topic)) {
      return;
    }
    Map<String, Object> adminConfig = new java.util.HashMap<>(connection);
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(adminConfig)) {
      if (KafkaTopics.ensure(admin, new NewTopic(topic, Optional.of(1), Optional.empty()), TOPIC_TIMEOUT)) {
        log.info("created dead-letter topic {}", topic);
      }
    }
    knownTopics.add(topic);
  }

  /** Flushes pending writes and closes the producer (bounded by 30 s). */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
