package io.tributary.connectors.nats;

import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a plain core-NATS subscription source ({@link NatsSource#coreSubscription}): at-most-once,
 * no acknowledgement, no redelivery. Immutable; start with {@link #create} and change with {@code withX}.
 *
 * @param servers one NATS URL or a comma-separated list
 * @param subject the subject to subscribe to (wildcards allowed)
 * @param queueGroup the queue group (members share the messages), or {@code null} for a plain subscription
 * @param decoder turns message data into payloads; a message it rejects is logged and dropped
 * @param maxBatch messages taken from the subscription per fetch at most
 * @param fetchWait how long a fetch waits for the first message (a stop waits at most this long)
 * @param pendingLimit messages the client holds for the subscription at most; beyond it the client
 *     drops messages (a "slow consumer", logged)
 * @param keyHeader the header that carries the key (the subject when absent)
 * @param connectionTimeout the bound on connecting at startup
 * @param <T> the payload type
 */
public record NatsCoreSettings<T>(String servers, String subject, String queueGroup, PayloadDecoder<T> decoder,
    int maxBatch, Duration fetchWait, int pendingLimit, String keyHeader, Duration connectionTimeout) {

  /** Validates the settings. */
  public NatsCoreSettings {
    Objects.requireNonNull(servers, "servers");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(decoder, "decoder");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
    }
    Objects.requireNonNull(fetchWait, "fetchWait");
    if (fetchWait.isNegative() || fetchWait.isZero()) {
      throw new IllegalArgumentException("fetchWait must be > 0, was " + fetchWait);
    }
    if (pendingLimit < 1) {
      throw new IllegalArgumentException("pendingLimit must be >= 1, was " + pendingLimit);
    }
    Objects.requireNonNull(keyHeader, "keyHeader");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
  }

  /** A plain subscription: batches of 256, a 100 ms fetch wait, 65,536 pending messages, a 5 s connection timeout. */
  public static <T> NatsCoreSettings<T> create(String servers, String subject, PayloadDecoder<T> decoder) {
    return new NatsCoreSettings<>(servers, subject, null, decoder, 256, Duration.ofMillis(100), 65_536,
        NatsSourceSettings.DEFAULT_KEY_HEADER, Duration.ofSeconds(5));
  }

  /** @return a copy subscribing as a member of {@code group} */
  public NatsCoreSettings<T> withQueueGroup(String group) {
    return new NatsCoreSettings<>(servers, subject, group, decoder, maxBatch, fetchWait, pendingLimit,
        keyHeader, connectionTimeout);
  }

  /** @return a copy with another batch size */
  public NatsCoreSettings<T> withMaxBatch(int n) {
    return new NatsCoreSettings<>(servers, subject, queueGroup, decoder, n, fetchWait, pendingLimit,
        keyHeader, connectionTimeout);
  }

  /** @return a copy with another client-side pending limit */
  public NatsCoreSettings<T> withPendingLimit(int n) {
    return new NatsCoreSettings<>(servers, subject, queueGroup, decoder, maxBatch, fetchWait, n,
        keyHeader, connectionTimeout);
  }

  /** @return a copy reading the key from another header */
  public NatsCoreSettings<T> withKeyHeader(String header) {
    return new NatsCoreSettings<>(servers, subject, queueGroup, decoder, maxBatch, fetchWait, pendingLimit,
        header, connectionTimeout);
  }

  /** @return a copy with another bound on connecting at startup */
  public NatsCoreSettings<T> withConnectionTimeout(Duration d) {
    return new NatsCoreSettings<>(servers, subject, queueGroup, decoder, maxBatch, fetchWait, pendingLimit,
        keyHeader, d);
  }
}
