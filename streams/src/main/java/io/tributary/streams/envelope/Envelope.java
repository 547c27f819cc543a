package io.tributary.streams.envelope;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A message from a broker on its way through a pipeline: the payload with its key, headers,
 * timestamp, where it came from, and the handle that acknowledges it at its source. Every source
 * emits envelopes; processing stages replace the payload and keep the rest, so the last step can
 * acknowledge. A message is acknowledged only after its last step finished (or it was
 * dead-lettered): until then its source does not commit past it.
 *
 * @param key the message key ({@code null} when the message has none)
 * @param payload the decoded payload; {@code null} only after a step that yields no value (a
 *     handler returning {@code CompletionStage<Void>})
 * @param headers the message headers, in broker order
 * @param timestamp when the broker (or producer) stamped the message
 * @param position where the message came from: topic or queue, partition, offset or delivery tag
 * @param ack acknowledges the message at its source
 * @param rawKey the key as received, or {@code null}
 * @param rawValue the payload bytes as received (what a dead-letter entry carries), or {@code null}
 * @param <T> the payload type
 */
public record Envelope<T>(String key, T payload, List<Header> headers, Instant timestamp,
    SourcePosition position, Acknowledgement ack, byte[] rawKey, byte[] rawValue) {

  /** Validates and copies the headers. */
  public Envelope {
    headers = headers == null || headers.isEmpty() ? List.of() : List.copyOf(headers);
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(ack, "ack");
  }

  /** @return the same message carrying another payload (the ack handle travels along) */
  public <R> Envelope<R> withPayload(R newPayload) {
    return new Envelope<>(key, newPayload, headers, timestamp, position, ack, rawKey, rawValue);
  }

  /** @return the same message with the payload transformed by {@code f} */
  public <R> Envelope<R> map(Function<? super T, ? extends R> f) {
    return withPayload(f.apply(payload));
  }

  /** @return the key, if the message has one */
  public Optional<String> optionalKey() {
    return Optional.ofNullable(key);
  }

  /** @return the last value of header {@code name} as UTF-8 text, if present */
  public Optional<String> header(String name) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      Header h = headers.get(i);
      if (h.key().equals(name)) {
        return Optional.of(h.valueAsString());
      }
    }
    return Optional.empty();
  }

  /** Acknowledges the message at its source: it is done with (see {@link Acknowledgement}). */
  public void acknowledge() {
    ack.ack();
  }

  @Override
  public String toString() {
    return "Envelope(" + position + ", key=" + key + ", payload=" + payload + ")";
  }
}
