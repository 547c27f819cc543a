package io.tributary.connectors.kafka;

import java.util.OptionalInt;

/**
 * A record was not acknowledged by Kafka: the producer gave up on it (after {@code
 * delivery.timeout.ms} at most), or made no progress at all for longer than the sink's watchdog
 * allows. The message names the topic-partition and the cause; nothing after the record is
 * reported as produced.
 */
public final class KafkaDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;

  /**
   * @param topic the record's topic
   * @param partition its partition, or -1 when the producer had not chosen one
   * @param message what happened and what to check
   * @param cause the producer's error, or null for the watchdog
   */
  public KafkaDeliveryException(String topic, int partition, String message, Throwable cause) {
    super(message, cause);
    this.topic = topic;
    this.partition = partition;
  }

  /**
   * The producer's own failure of one record, as its send callback reports it.
   *
   * @param topic the record's topic
   * @param partition its partition from the callback's metadata, or -1 when unknown
   * @param bootstrapServers the cluster, for the message
   * @param cause the callback's exception
   * @return an exception naming the topic-partition and the cause
   */
  public static KafkaDeliveryException failed(String topic, int partition, String bootstrapServers,
      Throwable cause) {
    return new KafkaDeliveryException(topic, partition, "a record to " + topicPartition(topic, partition)
        + " was not acknowledged by Kafka at " + bootstrapServers + ": " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
  }

  /**
   * Names a topic-partition as Kafka's own messages do: {@code orders-3}, or {@code orders (no
   * partition chosen yet)}.
   *
   * @param topic the topic
   * @param partition the partition, or -1
   * @return the name
   */
  public static String topicPartition(String topic, int partition) {
    return partition < 0 ? topic + " (no partition chosen yet)" : topic + "-" + partition;
  }

  /** @return the topic of the record that was not acknowledged */
  public String topic() {
    return topic;
  }

  /** @return its partition, when the producer had chosen it */
  public OptionalInt partition() {
    return partition < 0 ? OptionalInt.empty() : OptionalInt.of(partition);
  }
}
