package io.tributary.cli.broker;

import io.tributary.cli.commands.SampleProducer;
import io.tributary.cli.commands.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * {@code produce --bootstrap-servers}: creates the topic with {@code partitions} partitions unless
 * it exists, then produces with an idempotent {@code acks=all} producer ({@link SampleProducer}).
 */
public final class KafkaProduceTarget implements ProduceTarget {

  private final String bootstrapServers;
  private final String topic;
  private final int partitions;
  private final Duration timeout;
  private final Map<String, String> clientProperties;

  /** @param timeout the bound on the admin calls, metadata and each record's delivery */
  public KafkaProduceTarget(String bootstrapServers, String topic, int partitions, Duration timeout) {
    this(bootstrapServers, topic, partitions, timeout, Map.of());
  }

  /**
   * @param timeout the bound on the admin calls, metadata and each record's delivery
   * @param clientProperties a Kafka client config's properties (TLS, SASL), secret references resolved
   */
  public KafkaProduceTarget(String bootstrapServers, String topic, int partitions, Duration timeout,
      Map<String, String> clientProperties) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partitions = partitions;
    this.timeout = timeout;
    this.clientProperties = Map.copyOf(clientProperties);
  }

  @Override
  public String destination() {
    return topic;
  }

  @Override
  public String broker() {
    return bootstrapServers;
  }

  @Override
  public SampleProducer.Outcome produce(long count, int keys) {
    Topics.createIfMissing(bootstrapServers, topic, partitions, timeout, clientProperties);
    return SampleProducer.produce(bootstrapServers, topic, count, keys, timeout, clientProperties);
  }
}
