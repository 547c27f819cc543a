package io.tributary.asyncapi.runtime;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a generated handler gets besides the payload: the message's key, headers, timestamp and where
 * it came from.
 *
 * @param key the message key (the Kafka record key, the AMQP routing key or key header, the NATS key header)
 * @param headers the headers, in broker order
 * @param timestamp when the broker (or producer) stamped the message
 * @param position where it came from: topic or queue or stream, partition, offset or delivery tag
 */
public record MessageMetadata(Optional<String> key, List<Header> headers, Instant timestamp,
    SourcePosition position) {

  /** Checks and copies. */
  public MessageMetadata {
    Objects.requireNonNull(key, "key");
    headers = List.copyOf(headers);
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(position, "position");
  }

  /** @return the metadata of a received message */
  public static MessageMetadata of(Envelope<?> envelope) {
    return new MessageMetadata(envelope.optionalKey(), envelope.headers(), envelope.timestamp(),
        envelope.position());
  }

  /** @return the last value of header {@code name} as UTF-8 text, if present */
  public Optional<String> header(String name) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      if (headers.get(i).key().equals(name)) {
        return Optional.of(headers.get(i).valueAsString());
      }
    }
    return Optional.empty();
  }
}
