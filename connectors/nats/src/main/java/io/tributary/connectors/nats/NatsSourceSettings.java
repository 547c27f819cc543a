package io.tributary.connectors.nats;

import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link NatsSource} on a JetStream durable pull consumer: where to connect, which
 * stream and consumer, how to decode, how much to fetch, and what happens to messages that fail.
 * Immutable; start with {@link #create} and change with {@code withX}.
 *
 * <p>The defaults: fetch at most 500 messages per request (and only when downstream asks for more);
 * at most 1,000 unacknowledged messages per consumer on the server; a 30 s ack wait; a failed
 * message (after the processing runner's retries) is nak'd and redelivered after 1 s, 2 s, 4 s ...
 * (at most 1 min) until it was delivered 5 times, then it goes to the dead-letter subject {@code
 * <stream>.dlq}, whose stream {@code <stream>_DLQ} is created when no stream captures that subject.
 * The key of a message is its {@code Tributary-Key} header, or its subject when it has none. The
 * stream must exist unless {@link #withCreateStream} names its subjects.
 *
 * @param <T> the payload type the decoder produces
 */
public final class NatsSourceSettings<T> implements Cloneable {

  /** The header that carries a message's key by default. */
  public static final String DEFAULT_KEY_HEADER = "Tributary-Key";

  private static final Duration MAX_NAK_DELAY = Duration.ofMinutes(1);

  private String servers;
  private String stream;
  private String durable;
  private PayloadDecoder<T> decoder;
  private String filterSubject;
  private int maxBatch = 500;
  private Duration fetchWait = Duration.ofSeconds(1);
  private int maxAckPending = 1_000;
  private Duration ackWait = Duration.ofSeconds(30);
  private int maxDeliver = 5;
  private Duration nakDelay = Duration.ofSeconds(1);
  private String keyHeader = DEFAULT_KEY_HEADER;
  private String deadLetterSubject;
  private boolean createDeadLetterStream = true;
  private List<String> createStreamSubjects = List.of();
  private Duration connectionTimeout = Duration.ofSeconds(5);

  private NatsSourceSettings() {}

  /**
   * Settings with the defaults (see the class comment).
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
    NatsSourceSettings<T> s = new NatsSourceSettings<>();
    s.servers = Objects.requireNonNull(servers, "servers");
    s.stream = name(stream, "stream");
    s.durable = name(durable, "durable");
    s.decoder = Objects.requireNonNull(decoder, "decoder");
    return s;
  }

  private static String name(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || !value.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(what + " name must be letters, digits, '-' or '_' (no dots, "
          + "wildcards or spaces), was '" + value + "'");
    }
    return value;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be > 0, was " + d);
    }
    return d;
  }

  private NatsSourceSettings<T> copy() {
    try {
      @SuppressWarnings("unchecked")
      NatsSourceSettings<T> c = (NatsSourceSettings<T>) super.clone();
      return c;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** @return a copy that consumes only the stream's subjects matching {@code subject} (wildcards allowed) */
  public NatsSourceSettings<T> withFilterSubject(String subject) {
    NatsSourceSettings<T> c = copy();
    c.filterSubject = Objects.requireNonNull(subject, "subject");
    return c;
  }

  /**
   * @return a copy that fetches at most {@code n} messages per request: the bound on what the source
   *     holds beyond what its downstream holds
   */
  public NatsSourceSettings<T> withMaxBatch(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, was " + n);
    }
    NatsSourceSettings<T> c = copy();
    c.maxBatch = n;
    return c;
  }

  /**
   * @return a copy whose fetch requests wait at most {@code d} for the first message when the stream
   *     is idle (at least 1 s, the client's minimum); a stop waits for the running request at most this long
   */
  public NatsSourceSettings<T> withFetchWait(Duration d) {
    positive(d, "fetchWait");
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("fetchWait must be >= 1 s (the NATS client's minimum), was " + d);
    }
    NatsSourceSettings<T> c = copy();
    c.fetchWait = d;
    return c;
  }

  /**
   * @return a copy whose consumer lets the server hand out at most {@code n} unacknowledged messages
   *     (its {@code max_ack_pending}), a server-side bound shared by every instance of the durable
   */
  public NatsSourceSettings<T> withMaxAckPending(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxAckPending must be >= 1, was " + n);
    }
    NatsSourceSettings<T> c = copy();
    c.maxAckPending = n;
    return c;
  }

  /**
   * @return a copy whose consumer redelivers a message not acknowledged within {@code d} (its {@code
   *     ack_wait}); keep it above the longest processing time, retries included
   */
  public NatsSourceSettings<T> withAckWait(Duration d) {
    NatsSourceSettings<T> c = copy();
    c.ackWait = positive(d, "ackWait");
    return c;
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
    if (n < 1) {
      throw new IllegalArgumentException("maxDeliver must be >= 1, was " + n);
    }
    NatsSourceSettings<T> c = copy();
    c.maxDeliver = n;
    return c;
  }

  /**
   * @return a copy that naks a failed message for redelivery after {@code delay} (doubling per
   *     delivery, at most 1 min) until it reaches the delivery limit. Redelivery lets later messages
   *     of the same key overtake the failed one; use {@link #withoutNakOnFailure()} to keep strict
   *     per-key order
   */
  public NatsSourceSettings<T> withNakOnFailure(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("nak delay must be >= 0, was " + delay);
    }
    NatsSourceSettings<T> c = copy();
    c.nakDelay = delay;
    return c;
  }

  /**
   * @return a copy that sends a failed message (after the processing runner's retries) straight to
   *     the dead-letter subject, without redelivery: per-key order holds like with Kafka
   */
  public NatsSourceSettings<T> withoutNakOnFailure() {
    NatsSourceSettings<T> c = copy();
    c.nakDelay = null;
    return c;
  }

  /** @return a copy that reads the key from header {@code header} (the subject when absent) */
  public NatsSourceSettings<T> withKeyHeader(String header) {
    NatsSourceSettings<T> c = copy();
    c.keyHeader = Objects.requireNonNull(header, "header");
    return c;
  }

  /** @return a copy whose dead letters go to {@code subject} */
  public NatsSourceSettings<T> withDeadLetterSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty() || subject.contains("*") || subject.contains(">") || subject.contains(" ")) {
      throw new IllegalArgumentException("deadLetterSubject must be a plain subject without wildcards, was '"
          + subject + "'");
    }
    NatsSourceSettings<T> c = copy();
    c.deadLetterSubject = subject;
    return c;
  }

  /**
   * @return a copy that, when no stream captures the dead-letter subject, fails at startup instead
   *     of creating the stream {@code <stream>_DLQ}
   */
  public NatsSourceSettings<T> withoutCreatingDeadLetterStream() {
    NatsSourceSettings<T> c = copy();
    c.createDeadLetterStream = false;
    return c;
  }

  /**
   * @return a copy that creates the stream with these subjects (file storage, limits retention) when
   *     it is missing, instead of failing
   */
  public NatsSourceSettings<T> withCreateStream(String... subjects) {
    if (subjects.length == 0) {
      throw new IllegalArgumentException("withCreateStream needs at least one subject");
    }
    NatsSourceSettings<T> c = copy();
    c.createStreamSubjects = List.of(subjects);
    return c;
  }

  /** @return a copy with another bound on connecting at startup (per server) */
  public NatsSourceSettings<T> withConnectionTimeout(Duration d) {
    NatsSourceSettings<T> c = copy();
    c.connectionTimeout = positive(d, "connectionTimeout");
    return c;
  }

  /** @return a copy with another decoder */
  public <R> NatsSourceSettings<R> withDecoder(PayloadDecoder<R> newDecoder) {
    NatsSourceSettings<R> c = create(servers, stream, durable, newDecoder);
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
    return c;
  }

  /** @return the NATS server URL(s) */
  public String servers() {
    return servers;
  }

  /** @return the stream consumed */
  public String stream() {
    return stream;
  }

  /** @return the durable consumer's name */
  public String durable() {
    return durable;
  }

  /** @return the payload decoder */
  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  /** @return the subject filter, if the consumer takes only part of the stream */
  public Optional<String> filterSubject() {
    return Optional.ofNullable(filterSubject);
  }

  /** @return messages fetched per request at most */
  public int maxBatch() {
    return maxBatch;
  }

  /** @return how long a fetch request waits for the first message */
  public Duration fetchWait() {
    return fetchWait;
  }

  /** @return the consumer's {@code max_ack_pending} */
  public int maxAckPending() {
    return maxAckPending;
  }

  /** @return the consumer's {@code ack_wait} */
  public Duration ackWait() {
    return ackWait;
  }

  /** @return deliveries after which a message is dead-lettered */
  public int maxDeliver() {
    return maxDeliver;
  }

  /** @return the first nak delay of a failed message, or empty when failures go straight to the dead-letter subject */
  public Optional<Duration> nakOnFailure() {
    return Optional.ofNullable(nakDelay);
  }

  /** @return the nak delay after the given delivery (1-based): the first delay doubled per delivery, at most 1 min */
  public Duration nakDelayAfter(long delivery) {
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
    return keyHeader;
  }

  /** @return the dead-letter subject ({@code <stream>.dlq} unless set) */
  public String deadLetterSubject() {
    return deadLetterSubject != null ? deadLetterSubject : stream + ".dlq";
  }

  /** @return the stream created for dead letters when none captures the subject: {@code <stream>_DLQ} */
  public String deadLetterStream() {
    return stream + "_DLQ";
  }

  /** @return whether a missing dead-letter stream is created */
  public boolean createDeadLetterStream() {
    return createDeadLetterStream;
  }

  /** @return the subjects a missing stream is created with (empty: a missing stream is an error) */
  public List<String> createStreamSubjects() {
    return createStreamSubjects;
  }

  /** @return the bound on connecting at startup */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  @Override
  public String toString() {
    return "NatsSourceSettings(servers=" + servers + ", stream=" + stream + ", durable=" + durable
        + ", filterSubject=" + filterSubject + ", maxBatch=" + maxBatch + ", maxAckPending=" + maxAckPending
        + ", ackWait=" + ackWait + ", maxDeliver=" + maxDeliver + ", nakOnFailure=" + nakDelay
        + ", deadLetterSubject=" + deadLetterSubject() + ")";
  }
}
