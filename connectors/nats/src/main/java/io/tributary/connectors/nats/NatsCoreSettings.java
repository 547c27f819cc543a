package io.tributary.connectors.nats;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of a plain core-NATS subscription source ({@link NatsSource#coreSubscription}): at-most-once,
 * no acknowledgement, no redelivery. Immutable; start with {@link #create} (the defaults of {@code
 * reference.conf}) or {@link #fromConfig} (the application's config under {@code tributary.nats.core})
 * and change with {@code withX}.
 *
 * @param <T> the payload type
 */
public final class NatsCoreSettings<T> {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.nats.core";

  /** The setting {@code tributary.nats.core.max-batch}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_BATCH =
      Setting.of(SECTION + ".max-batch", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.nats.core.fetch-wait}, documented in {@code reference.conf}. */
  public static final Setting<Duration> FETCH_WAIT =
      Setting.of(SECTION + ".fetch-wait", SettingType.positiveDuration());
  /** The setting {@code tributary.nats.core.pending-limit}, documented in {@code reference.conf}. */
  public static final Setting<Integer> PENDING_LIMIT =
      Setting.of(SECTION + ".pending-limit", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.nats.core.key-header}, documented in {@code reference.conf}. */
  public static final Setting<String> KEY_HEADER = Setting.of(SECTION + ".key-header", SettingType.string());
  /** The setting {@code tributary.nats.core.connection-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> CONNECTION_TIMEOUT =
      Setting.of(SECTION + ".connection-timeout", SettingType.positiveDuration());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(MAX_BATCH, FETCH_WAIT, PENDING_LIMIT, KEY_HEADER, CONNECTION_TIMEOUT);
  }

  private final PayloadDecoder<T> decoder;
  private final Values v;

  /** The values besides the decoder; a fresh copy per instance, never changed once the instance exists. */
  private static final class Values {
    String servers;
    String subject;
    String queueGroup; // null: a plain subscription
    int maxBatch;
    Duration fetchWait;
    int pendingLimit;
    String keyHeader;
    Duration connectionTimeout;

    Values copy() {
      Values c = new Values();
      c.servers = servers;
      c.subject = subject;
      c.queueGroup = queueGroup;
      c.maxBatch = maxBatch;
      c.fetchWait = fetchWait;
      c.pendingLimit = pendingLimit;
      c.keyHeader = keyHeader;
      c.connectionTimeout = connectionTimeout;
      return c;
    }

    List<Object> all() {
      return Arrays.asList(servers, subject, queueGroup, maxBatch, fetchWait, pendingLimit, keyHeader,
          connectionTimeout);
    }
  }

  private NatsCoreSettings(PayloadDecoder<T> decoder, Values v) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(v.servers, "servers");
    Objects.requireNonNull(v.subject, "subject");
    MAX_BATCH.check(v.maxBatch);
    FETCH_WAIT.check(v.fetchWait);
    PENDING_LIMIT.check(v.pendingLimit);
    KEY_HEADER.check(v.keyHeader);
    CONNECTION_TIMEOUT.check(v.connectionTimeout);
    this.v = v;
  }

  /**
   * Settings with every value given, as the record this class was had them.
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
   * @deprecated use {@link #create} or {@link #fromConfig} and the {@code withX} methods
   */
  @Deprecated
  public NatsCoreSettings(String servers, String subject, String queueGroup, PayloadDecoder<T> decoder,
      int maxBatch, Duration fetchWait, int pendingLimit, String keyHeader, Duration connectionTimeout) {
    this(decoder, values(servers, subject, queueGroup, maxBatch, fetchWait, pendingLimit, keyHeader,
        connectionTimeout));
  }

  private static Values values(String servers, String subject, String queueGroup, int maxBatch, Duration fetchWait,
      int pendingLimit, String keyHeader, Duration connectionTimeout) {
    Values v = new Values();
    v.servers = servers;
    v.subject = subject;
    v.queueGroup = queueGroup;
    v.maxBatch = maxBatch;
    v.fetchWait = fetchWait;
    v.pendingLimit = pendingLimit;
    v.keyHeader = keyHeader;
    v.connectionTimeout = connectionTimeout;
    return v;
  }

  /** A plain subscription with the defaults of {@code reference.conf} ({@code tributary.nats.core}). */
  public static <T> NatsCoreSettings<T> create(String servers, String subject, PayloadDecoder<T> decoder) {
    return fromConfig(ConfigFactory.empty(), servers, subject, decoder);
  }

  /**
   * A plain subscription from {@code config}'s section {@code tributary.nats.core}, with the defaults
   * of {@code reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param servers one NATS URL or a comma-separated list
   * @param subject the subject to subscribe to (wildcards allowed)
   * @param decoder turns message data into payloads; a message it rejects is logged and dropped
   * @param <T> the payload type
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static <T> NatsCoreSettings<T> fromConfig(Config config, String servers, String subject,
      PayloadDecoder<T> decoder) {
    return new NatsCoreSettings<>(decoder, values(servers, subject, null, MAX_BATCH.read(config),
        FETCH_WAIT.read(config), PENDING_LIMIT.read(config), KEY_HEADER.read(config),
        CONNECTION_TIMEOUT.read(config)));
  }

  private NatsCoreSettings<T> with(Consumer<Values> change) {
    Values c = v.copy();
    change.accept(c);
    return new NatsCoreSettings<>(decoder, c);
  }

  /** @return a copy subscribing as a member of {@code group} */
  public NatsCoreSettings<T> withQueueGroup(String group) {
    return with(c -> c.queueGroup = group);
  }

  /** @return a copy with another batch size */
  public NatsCoreSettings<T> withMaxBatch(int n) {
    return with(c -> c.maxBatch = n);
  }

  /** @return a copy whose fetches wait at most {@code d} for the first message */
  public NatsCoreSettings<T> withFetchWait(Duration d) {
    return with(c -> c.fetchWait = d);
  }

  /** @return a copy with another client-side pending limit */
  public NatsCoreSettings<T> withPendingLimit(int n) {
    return with(c -> c.pendingLimit = n);
  }

  /** @return a copy reading the key from another header */
  public NatsCoreSettings<T> withKeyHeader(String header) {
    return with(c -> c.keyHeader = header);
  }

  /** @return a copy with another bound on connecting at startup */
  public NatsCoreSettings<T> withConnectionTimeout(Duration d) {
    return with(c -> c.connectionTimeout = d);
  }

  /** @return one NATS URL or a comma-separated list */
  public String servers() {
    return v.servers;
  }

  /** @return the subject subscribed to (wildcards allowed) */
  public String subject() {
    return v.subject;
  }

  /** @return the queue group (members share the messages), or {@code null} for a plain subscription */
  public String queueGroup() {
    return v.queueGroup;
  }

  /** @return turns message data into payloads; a message it rejects is logged and dropped */
  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  /** @return messages taken from the subscription per fetch at most */
  public int maxBatch() {
    return v.maxBatch;
  }

  /** @return how long a fetch waits for the first message (a stop waits at most this long) */
  public Duration fetchWait() {
    return v.fetchWait;
  }

  /**
   * @return messages the client holds for the subscription at most; beyond it the client drops
   *     messages (a "slow consumer", logged)
   */
  public int pendingLimit() {
    return v.pendingLimit;
  }

  /** @return the header that carries the key (the subject when absent) */
  public String keyHeader() {
    return v.keyHeader;
  }

  /** @return the bound on connecting at startup */
  public Duration connectionTimeout() {
    return v.connectionTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NatsCoreSettings && ((NatsCoreSettings<?>) o).decoder.equals(decoder)
        && ((NatsCoreSettings<?>) o).v.all().equals(v.all());
  }

  @Override
  public int hashCode() {
    return Objects.hash(decoder, v.all());
  }

  @Override
  public String toString() {
    return "NatsCoreSettings(servers=" + v.servers + ", subject=" + v.subject + ", queueGroup=" + v.queueGroup
        + ", maxBatch=" + v.maxBatch + ", fetchWait=" + v.fetchWait + ", pendingLimit=" + v.pendingLimit
        + ", keyHeader=" + v.keyHeader + ", connectionTimeout=" + v.connectionTimeout + ")";
  }
}
