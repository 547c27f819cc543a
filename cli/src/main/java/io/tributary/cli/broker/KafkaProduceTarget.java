package io.tributary.cli.broker;

import io.tributary.cli.commands.SampleProducer;
import io.tributary.cli.commands.Topics;
import java.time.Duration;

/**
 * {@code produce --bootstrap-servers}: creates the topic with {@code partitions} partitions unless
 * it exists, then produces with an idempotent {@code acks=all} producer ({@link SampleProducer}).
 */
public final class KafkaProduceTarget implements ProduceTarget {

  private final String bootstrapServers;
  private final String topic;
  private final int partitions;
  private final Duration timeout;

  /** @param timeout the bound on the admin calls, metadata and each record's delivery */
  public KafkaProduceTarget(String bootstrapServers, String topic, int partitions, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partitions = partitions;
    this.timeout = timeout;
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
    Topics.createIfMissing(bootstrapServers, topic, partitions, timeout);
    return SampleProducer.produce(bootstrapServers, topic, count, keys, timeout);
  }
}
