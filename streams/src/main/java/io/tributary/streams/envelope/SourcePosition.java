package io.tributary.streams.envelope;

import java.util.Objects;

/**
 * Where a message came from. For Kafka: topic, partition, offset. For AMQP: queue, 0, delivery tag.
 * For NATS JetStream: stream, 0, stream sequence.
 *
 * @param source the topic, queue or stream
 * @param partition the partition (0 where the broker has none)
 * @param offset the offset, delivery tag or sequence
 */
public record SourcePosition(String source, int partition, long offset) {

  /** Validates the source name. */
  public SourcePosition {
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return source + "/" + partition + "@" + offset;
  }
}
