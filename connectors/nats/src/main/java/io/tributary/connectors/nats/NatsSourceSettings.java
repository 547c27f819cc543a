package io.tributary.connectors.nats;

import io.tributary.streams.settings.Secrets;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings of a {@link NatsSource} on a JetStream durable pull consumer: where to connect, which
 * stream and consumer, how to decode, how much to fetch, and what happens to messages that fail.
 * Immutable; start with {@link #create} (the defaults of {@code reference.conf}) or {@link
 * #fromConfig} (the application's config under {@code tributary.nats.source}) and change with
 * {@code withX}.
 *
 * <p>How the defaults behave: a fetch asks for a batch only when downstream asks for more; the
 * server hands out a bounded number of unacknowledged messages and redelivers one not acknowledged
 * within the ack wait; a failed message (after the processing runner's retries) is nak'd and
 * redelivered after a delay that doubles per delivery (at most 1 min) until it reached the delivery
 * limit, then it goes to the dead-letter subject {@code <stream>.dlq}, whose stream {@code
 * <stream>_DLQ} is created when no stream captures that subject. The key of a message is its
 * {@value #DEFAULT_KEY_HEADER} header, or its subject when it has none. The stream must exist unless
 * {@link #withCreateStream} names its subjects.
 *
 * @param <T> the payload type the decoder produces
 */
public final class NatsSourceSettings<T> {

  /** The header Tributary's sinks write a message's key to; {@code key-header} names it by default. */
  public static final String DEFAULT_KEY_HEADER = "Tributary-Key";

  /** The config section of these settings. */
  public static final String SECTION = "tributary.nats.source";

  /** The setting {@code tributary.nats.source.max-batch}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_BATCH =
      Setting.of(SECTION + ".max-batch", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.nats.source.fetch-wait}, documented in {@code reference.conf}. */
  public static final Setting<Duration> FETCH_WAIT = Setting.of(SECTION + ".fetch-wait",
      SettingType.duration(Duration.ofSeconds(1), true, "the NATS client's minimum"));
  /** The setting {@code tributary.nats.source.max-ack-pending}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_ACK_PENDING =
      Setting.of(SECTION + ".max-ack-pending", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.nats.source.ack-wait}, documented in {@code reference.conf}. */
  public static final Setting<Duration> ACK_WAIT = Setting.of(SECTION + ".ack-wait", SettingType.positiveDuration());
  /** The setting {@code tributary.nats.source.max-deliver}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_DELIVER =
      Setting.of(SECTION + ".max-deliver", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.nats.source.nak-on-failure} (optional), documented in {@code reference.conf}. */
  public static final Setting<Duration> NAK_ON_FAILURE =
      Setting.optional(SECTION + ".nak-on-failure", SettingType.duration(Duration.ZERO, true, ""));
  /** The setting {@code tributary.nats.source.key-header}, documented in {@code reference.conf}. */
  public static final Setting<String> KEY_HEADER = Setting.of(SECTION + ".key-header", SettingType.string());
  /** The setting {@code tributary.nats.source.create-dead-letter-stream}, documented in {@code reference.conf}. */
  public static final Setting<Boolean> CREATE_DEAD_LETTER_STREAM =
      Setting.of(SECTION + ".create-dead-letter-stream", SettingType.bool());
  /** The setting {@code tributary.nats.source.connection-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> CONNECTION_TIMEOUT =
      Setting.of(SECTION + ".connection-timeout", SettingType.positiveDuration());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(MAX_BATCH, FETCH_WAIT, MAX_ACK_PENDING, ACK_WAIT, MAX_DELIVER, NAK_ON_FAILURE, KEY_HEADER,
        CREATE_DEAD_LETTER_STREAM, CONNECTION_TIMEOUT);
  }

  private static final Duration MAX_NAK_DELAY = Duration.ofMinutes(1);

  private final PayloadDecoder<T> decoder;
  private final Values v;

  /** The values besides the decoder; a fresh copy per instance, never changed once the instance exists. */
  private static final class Values {
    String servers;
    String stream;
    String durable;
    String filterSubject; // null: the whole stream
    int maxBatch;
    Duration fetchWait;
    int maxAckPending;
    Duration ackWait;
    int maxDeliver;
    Duration nakDelay; // null: failures go straight to the dead-letter subject
    String keyHeader;
    String deadLetterSubject; // null: <stream>.dlq
    boolean createDeadLetterStream;
    List<String> createStreamSubjects;
    Duration connectionTimeout;
    NatsSecurity security = NatsSecurity.none();

    Values copy() {
      Values c = new Values();
      c.servers = servers;
      c.stream = stream;
      c.durable = durable;
      c.filterSubject = filterSubject;
      c.maxBatch = maxBatch;
      c.fetchWait = fetchWait;
      c.maxAckPending = maxAckPending;
      c.ackWait = ackWait;
      c.maxDeliver = maxDeliver;
      c.nakDelay = nakDelay;
      c.keyHeader = keyHeader;
      c.deadLetterSubject = deadLetterSubject;
      c.createDeadLetterStream = createDeadLetterStream;
      c.createStreamSubjects = createStreamSubjects;
      c.connectionTimeout = connectionTimeout;
      c.security = security;
      return c;
    }

    List<Object> all() {
      return Arrays.asList(servers, stream, durable, filterSubject, maxBatch, fetchWait, maxAckPending, ackWait,
          maxDeliver, nakDelay, keyHeader, deadLetterSubject, createDeadLetterStream, createStreamSubjects,
          connectionTimeout, security);
    }
  }

  private NatsSourceSettings(PayloadDecoder<T> decoder, Values v) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(v.servers, "servers");
    NatsNames.NAME.check("stream name", v.stream);
    NatsNames.NAME.check("durable name", v.durable);
    MAX_BATCH.check(v.maxBatch);
    FETCH_WAIT.check(v.fetchWait);
    MAX_ACK_PENDING.check(v.maxAckPending);
    ACK_WAIT.check(v.ackWait);
    MAX_DELIVER.check(v.maxDeliver);
    NAK_ON_FAILURE.checkOptional(v.nakDelay);
    KEY_HEADER.check(v.keyHeader);
    if (v.deadLetterSubject != null) {
      NatsNames.PLAIN_SUBJECT.check("deadLetterSubject", v.deadLetterSubject);
    }
    v.createStreamSubjects = List.copyOf(v.createStreamSubjects);
    CONNECTION_TIMEOUT.check(v.connectionTimeout);
    this.v = v;
  }

  /**
   * Settings with the defaults of {@code reference.conf} (see the class comment).
   *
   * @param servers one NATS URL or a comma-separated list, e.g. {@code nats://127.0.0.1:4222}
   * @param stream the JetStream stream to consume
   * @param durable the durable consumer's name: consumers with the same name share the work and
   *     the acknowledgement state, and a restart goes on where the last one stopped
   * @param decoder turns message data into payloads; a decoder that throws sends the message to the
   *     dead-letter subject
   */
  public static <T> NatsSourceSettings<T> create(String servers, String stream, String durable,
      PayloadDecoder<T> decoder) {
    return fromConfig(ConfigFactory.empty(), servers, stream, durable, decoder);
  }

  /**
   * Settings from {@code config}'s section {@code tributary.nats.source}, with the defaults of {@code
   * reference.conf} for what it does not set; the other parameters as in {@link #create}.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param servers one NATS URL or a comma-separated list
   * @param stream the JetStream stream to consume
   * @param durable the durable consumer's name
   * @param decoder turns message data into payloads
   * @param <T> the payload type
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static <T> NatsSourceSettings<T> fromConfig(Config config, String servers, String stream, String durable,
      PayloadDecoder<T> decoder) {
    Values v = new Values();
    v.servers = servers;
    v.stream = stream;
    v.durable = durable;
    v.maxBatch = MAX_BATCH.read(config);
    v.fetchWait = FETCH_WAIT.read(config);
    v.maxAckPending = MAX_ACK_PENDING.read(config);
    v.ackWait = ACK_WAIT.read(config);
    v.maxDeliver = MAX_DELIVER.read(config);
    v.nakDelay = NAK_ON_FAILURE.find(config).orElse(null);
    v.keyHeader = KEY_HEADER.read(config);
    v.createDeadLetterStream = CREATE_DEAD_LETTER_STREAM.read(config);
    v.createStreamSubjects = List.of();
    v.connectionTimeout = CONNECTION_TIMEOUT.read(config);
    return new NatsSourceSettings<>(decoder, v);
  }

  private NatsSourceSettings<T> with(Consumer<Values> change) {
    Values c = v.copy();
    change.accept(c);
    return new NatsSourceSettings<>(decoder, c);
  }

  /** @return a copy that consumes only the stream's subjects matching {@code subject} (wildcards allowed) */
  public NatsSourceSettings<T> withFilterSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    return with(c -> c.filterSubject = subject);
  }

  /**
   * @return a copy that fetches at most {@code n} messages per request: the bound on what the source
   *     holds beyond what its downstream holds
   */
  public NatsSourceSettings<T> withMaxBatch(int n) {
    return with(c -> c.maxBatch = n);
  }

  /**
   * @return a copy whose fetch requests wait at most {@code d} for the first message when the stream
   *     is idle (at least 1 s, the client's minimum); a stop waits for the running request at most this long
   */
  public NatsSourceSettings<T> withFetchWait(Duration d) {
    return with(c -> c.fetchWait = d);
  }

  /**
   * @return a copy whose consumer lets the server hand out at most {@code n} unacknowledged messages
   *     (its {@code max_ack_pending}), a server-side bound shared by every instance of the durable
   */
  public NatsSourceSettings<T> withMaxAckPending(int n) {
    return with(c -> c.maxAckPending = n);
  }

  /**
   * @return a copy whose consumer redelivers a message not acknowledged within {@code d} (its {@code
   *     ack_wait}); keep it above the longest processing time, retries included
   */
  public NatsSourceSettings<T> withAckWait(Duration d) {
    return with(c -> c.ackWait = d);
  }

  /**
   * @return a copy that dead-letters a message once it was delivered {@code n} times: one that fails
   *     on its {@code n}-th delivery, or that arrives after {@code n} deliveries (consumers crashed on
   *     it) without being processed again. Every delivery counts, also those after a nak, an ack-wait
   *     timeout (even of a delivery the client never saw, e.g. to a fetch abandoned at a crash), or a
   *     hand-back at a stop. (The server-side consumer itself has no limit: where the
   *     server would leave the message unacknowledged for good, the source dead-letters it.)
   */
  public NatsSourceSettings<T> withMaxDeliver(int n) {
    return with(c -> c.maxDeliver = n);
  }

  /**
   * @return a copy that naks a failed message for redelivery after {@code delay} (doubling per
   *     delivery, at most 1 min) until it reaches the delivery limit. Redelivery lets later messages
   *     of the same key overtake the failed one; use {@link #withoutNakOnFailure()} to keep strict
   *     per-key order
   */
  public NatsSourceSettings<T> withNakOnFailure(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return with(c -> c.nakDelay = delay);
  }

  /**
   * @return a copy that sends a failed message (after the processing runner's retries) straight to
   *     the dead-letter subject, without redelivery: per-key order holds like with Kafka
   */
  public NatsSourceSettings<T> withoutNakOnFailure() {
    return with(c -> c.nakDelay = null);
  }

  /** @return a copy that reads the key from header {@code header} (the subject when absent) */
  public NatsSourceSettings<T> withKeyHeader(String header) {
    Objects.requireNonNull(header, "header");
    return with(c -> c.keyHeader = header);
  }

  /** @return a copy whose dead letters go to {@code subject} */
  public NatsSourceSettings<T> withDeadLetterSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    return with(c -> c.deadLetterSubject = subject);
  }

  /**
   * @return a copy that, when no stream captures the dead-letter subject, fails at startup instead
   *     of creating the stream {@code <stream>_DLQ}
   */
  public NatsSourceSettings<T> withoutCreatingDeadLetterStream() {
    return with(c -> c.createDeadLetterStream = false);
  }

  /**
   * @return a copy that creates the stream with these subjects (file storage, limits retention) when
   *     it is missing, instead of failing
   */
  public NatsSourceSettings<T> withCreateStream(String... subjects) {
    if (subjects.length == 0) {
      throw new IllegalArgumentException("withCreateStream needs at least one subject");
    }
    List<String> all = List.of(subjects);
    return with(c -> c.createStreamSubjects = all);
  }

  /** @return a copy with another bound on connecting at startup (per server) */
  public NatsSourceSettings<T> withConnectionTimeout(Duration d) {
    return with(c -> c.connectionTimeout = d);
  }

  /** @return a copy that connects with this TLS and authentication ({@link NatsSecurity}) */
  public NatsSourceSettings<T> withSecurity(NatsSecurity security) {
    Objects.requireNonNull(security, "security");
    return with(c -> c.security = security);
  }

  /** @return the TLS and authentication of the connection ({@link NatsSecurity#none()} by default) */
  public NatsSecurity security() {
    return v.security;
  }

  /** @return a copy with another decoder */
  public <R> NatsSourceSettings<R> withDecoder(PayloadDecoder<R> newDecoder) {
    return new NatsSourceSettings<>(newDecoder, v.copy());
  }

  /** @return the NATS server URL(s) */
  public String servers() {
    return v.servers;
  }

  /** @return the stream consumed */
  public String stream() {
    return v.stream;
  }

  /** @return the durable consumer's name */
  public String durable() {
    return v.durable;
  }

  /** @return the payload decoder */
  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  /** @return the subject filter, if the consumer takes only part of the stream */
  public Optional<String> filterSubject() {
    return Optional.ofNullable(v.filterSubject);
  }

  /** @return messages fetched per request at most */
  public int maxBatch() {
    return v.maxBatch;
  }

  /** @return how long a fetch request waits for the first message */
  public Duration fetchWait() {
    return v.fetchWait;
  }

  /** @return the consumer's {@code max_ack_pending} */
  public int maxAckPending() {
    return v.maxAckPending;
  }

  /** @return the consumer's {@code ack_wait} */
  public Duration ackWait() {
    return v.ackWait;
  }

  /** @return deliveries after which a message is dead-lettered */
  public int maxDeliver() {
    return v.maxDeliver;
  }

  /** @return the first nak delay of a failed message, or empty when failures go straight to the dead-letter subject */
  public Optional<Duration> nakOnFailure() {
    return Optional.ofNullable(v.nakDelay);
  }

  /** @return the nak delay after the given delivery (1-based): the first delay doubled per delivery, at most 1 min */
  public Duration nakDelayAfter(long delivery) {
    Duration nakDelay = v.nakDelay;
    if (nakDelay == null) {
      return Duration.ZERO;
    }
    long factor = 1L << Math.min(20, Math.max(0, delivery - 1));
    Duration cap = nakDelay.compareTo(MAX_NAK_DELAY) > 0 ? nakDelay : MAX_NAK_DELAY;
    Duration d = nakDelay.multipliedBy(factor);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** @return the header that carries the key */
  public String keyHeader() {
    return v.keyHeader;
  }

  /** @return the dead-letter subject ({@code <stream>.dlq} unless set) */
  public String deadLetterSubject() {
    return v.deadLetterSubject != null ? v.deadLetterSubject : v.stream + ".dlq";
  }

  /** @return the stream created for dead letters when none captures the subject: {@code <stream>_DLQ} */
  public String deadLetterStream() {
    return v.stream + "_DLQ";
  }

  /** @return whether a missing dead-letter stream is created */
  public boolean createDeadLetterStream() {
    return v.createDeadLetterStream;
  }

  /** @return the subjects a missing stream is created with (empty: a missing stream is an error) */
  public List<String> createStreamSubjects() {
    return v.createStreamSubjects;
  }

  /** @return the bound on connecting at startup */
  public Duration connectionTimeout() {
    return v.connectionTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NatsSourceSettings && ((NatsSourceSettings<?>) o).decoder.equals(decoder)
        && ((NatsSourceSettings<?>) o).v.all().equals(v.all());
  }

  @Override
  public int hashCode() {
    return Objects.hash(decoder, v.all());
  }

  @Override
  public String toString() {
    return "NatsSourceSettings(servers=" + Secrets.uri(v.servers) + ", security=" + v.security
        + ", stream=" + v.stream + ", durable=" + v.durable
        + ", filterSubject=" + v.filterSubject + ", maxBatch=" + v.maxBatch + ", maxAckPending=" + v.maxAckPending
        + ", ackWait=" + v.ackWait + ", maxDeliver=" + v.maxDeliver + ", nakOnFailure=" + v.nakDelay
        + ", deadLetterSubject=" + deadLetterSubject() + ")";
  }
}
