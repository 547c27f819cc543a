package io.tributary.connectors.amqp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings of an {@link AmqpSource}: the connection, the queue, how to decode, how many
 * unacknowledged deliveries the consumer may hold, what to declare, where a message's key comes
 * from, and where dead letters go. Immutable; start with {@link #create} (the defaults of {@code
 * reference.conf}) or {@link #fromConfig} (the application's config under {@code
 * tributary.amqp.source}) and change with {@code withX}.
 *
 * <p>The defaults ({@code reference.conf}): the queue is declared durable; the key is the routing
 * key; dead letters go through the default exchange to the durable queue {@code <queue>.dlq}.
 *
 * @param <T> the payload type the decoder produces
 */
public final class AmqpSourceSettings<T> {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.amqp.source";

  /** The setting {@code tributary.amqp.source.prefetch}, documented in {@code reference.conf}. */
  public static final Setting<Integer> PREFETCH =
      Setting.of(SECTION + ".prefetch", SettingType.integer(1, 65_535, "AMQP's limit"));
  /** The setting {@code tributary.amqp.source.declare-queue}, documented in {@code reference.conf}. */
  public static final Setting<Boolean> DECLARE_QUEUE = Setting.of(SECTION + ".declare-queue", SettingType.bool());
  /** The setting {@code tributary.amqp.source.key-header} (optional), documented in {@code reference.conf}. */
  public static final Setting<String> KEY_HEADER = Setting.optional(SECTION + ".key-header", SettingType.string());
  /** The setting {@code tributary.amqp.source.dead-letter-suffix}, documented in {@code reference.conf}. */
  public static final Setting<String> DEAD_LETTER_SUFFIX = Setting.of(SECTION + ".dead-letter-suffix",
      SettingType.string("non-empty string", s -> s.isEmpty()
          ? Optional.of("must not be empty: dead letters would go back to the queue") : Optional.empty()));
  /** The setting {@code tributary.amqp.source.dead-letter-exchange}, documented in {@code reference.conf}. */
  public static final Setting<String> DEAD_LETTER_EXCHANGE =
      Setting.of(SECTION + ".dead-letter-exchange", SettingType.string());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(PREFETCH, DECLARE_QUEUE, KEY_HEADER, DEAD_LETTER_SUFFIX, DEAD_LETTER_EXCHANGE);
  }

  private final PayloadDecoder<T> decoder;
  private final Values v;

  /** The values besides the decoder; a fresh copy per instance, never changed once the instance exists. */
  private static final class Values {
    AmqpConnectionSettings connection;
    String queue;
    int prefetch;
    List<AmqpDeclaration> declarations;
    String keyHeader; // null: the routing key
    String deadLetterSuffix;
    String deadLetterExchange;

    Values copy() {
      Values c = new Values();
      c.connection = connection;
      c.queue = queue;
      c.prefetch = prefetch;
      c.declarations = declarations;
      c.keyHeader = keyHeader;
      c.deadLetterSuffix = deadLetterSuffix;
      c.deadLetterExchange = deadLetterExchange;
      return c;
    }

    List<Object> all() {
      return Arrays.asList(connection, queue, prefetch, declarations, keyHeader, deadLetterSuffix,
          deadLetterExchange);
    }
  }

  private AmqpSourceSettings(PayloadDecoder<T> decoder, Values v) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(v.connection, "connection");
    Objects.requireNonNull(v.queue, "queue");
    if (v.queue.isEmpty()) {
      throw new IllegalArgumentException("queue must not be empty");
    }
    PREFETCH.check(v.prefetch);
    v.declarations = List.copyOf(v.declarations);
    KEY_HEADER.checkOptional(v.keyHeader);
    DEAD_LETTER_SUFFIX.check(v.deadLetterSuffix);
    DEAD_LETTER_EXCHANGE.check(v.deadLetterExchange);
    this.v = v;
  }

  /** Settings for {@code queue} on the broker at {@code uri}, with the defaults (see the class comment). */
  public static <T> AmqpSourceSettings<T> create(String uri, String queue, PayloadDecoder<T> decoder) {
    return create(AmqpConnectionSettings.create(uri), queue, decoder);
  }

  /** Settings for {@code queue} over {@code connection}, with the defaults (see the class comment). */
  public static <T> AmqpSourceSettings<T> create(AmqpConnectionSettings connection, String queue,
      PayloadDecoder<T> decoder) {
    return fromConfig(ConfigFactory.empty(), connection, queue, decoder);
  }

  /**
   * Settings for {@code queue} on the broker at {@code uri} from {@code config}'s sections {@code
   * tributary.amqp.source} and {@code tributary.amqp.connection}, with the defaults of {@code
   * reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param uri the broker (see {@link AmqpConnectionSettings#create})
   * @param queue the queue to consume
   * @param decoder turns message bodies into payloads
   * @param <T> the payload type
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static <T> AmqpSourceSettings<T> fromConfig(Config config, String uri, String queue,
      PayloadDecoder<T> decoder) {
    return fromConfig(config, AmqpConnectionSettings.fromConfig(config, uri), queue, decoder);
  }

  /**
   * Settings for {@code queue} over {@code connection} from {@code config}'s section {@code
   * tributary.amqp.source}, with the defaults of {@code reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param connection the connection settings
   * @param queue the queue to consume
   * @param decoder turns message bodies into payloads
   * @param <T> the payload type
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static <T> AmqpSourceSettings<T> fromConfig(Config config, AmqpConnectionSettings connection,
      String queue, PayloadDecoder<T> decoder) {
    Values v = new Values();
    v.connection = connection;
    v.queue = queue;
    v.prefetch = PREFETCH.read(config);
    v.declarations = DECLARE_QUEUE.read(config) && queue != null ? List.of(AmqpDeclaration.queue(queue)) : List.of();
    v.keyHeader = KEY_HEADER.find(config).orElse(null);
    v.deadLetterSuffix = DEAD_LETTER_SUFFIX.read(config);
    v.deadLetterExchange = DEAD_LETTER_EXCHANGE.read(config);
    return new AmqpSourceSettings<>(decoder, v);
  }

  private AmqpSourceSettings<T> with(Consumer<Values> change) {
    Values c = v.copy();
    change.accept(c);
    return new AmqpSourceSettings<>(decoder, c);
  }

  /**
   * @return a copy whose consumer holds at most {@code n} unacknowledged deliveries ({@code
   *     basic.qos}): the bound on messages in flight between the broker and the acknowledgement,
   *     and so on the memory a slow handler can make the source use. Keep it at least the
   *     processing runner's buffer size, or handlers starve.
   */
  public AmqpSourceSettings<T> withPrefetch(int n) {
    return with(c -> c.prefetch = n);
  }

  /** @return a copy that declares these (in order) on every connect instead of the default durable queue */
  public AmqpSourceSettings<T> withDeclarations(List<AmqpDeclaration> newDeclarations) {
    List<AmqpDeclaration> copy = new ArrayList<>(newDeclarations);
    return with(c -> c.declarations = copy);
  }

  /** @return a copy that declares these (in order) on every connect instead of the default durable queue */
  public AmqpSourceSettings<T> withDeclarations(AmqpDeclaration... newDeclarations) {
    return withDeclarations(List.of(newDeclarations));
  }

  /** @return a copy that declares nothing and only checks that the queue exists (a passive declare) */
  public AmqpSourceSettings<T> withoutDeclarations() {
    return withDeclarations(List.of());
  }

  /**
   * @return a copy whose envelope key is the text of header {@code name} (a message without it
   *     has no key, so ORDERED_PER_KEY runs it in the queue's lane, one such message at a time)
   */
  public AmqpSourceSettings<T> withKeyFromHeader(String name) {
    Objects.requireNonNull(name, "name");
    return with(c -> c.keyHeader = name);
  }

  /** @return a copy whose envelope key is the message's routing key (the default) */
  public AmqpSourceSettings<T> withKeyFromRoutingKey() {
    return with(c -> c.keyHeader = null);
  }

  /** @return a copy whose dead letters go to the queue {@code <queue><suffix>} */
  public AmqpSourceSettings<T> withDeadLetterSuffix(String suffix) {
    return with(c -> c.deadLetterSuffix = suffix);
  }

  /**
   * @return a copy whose dead letters are published to {@code exchange} (declared durable, type
   *     direct) with the dead-letter queue's name as routing key; the dead-letter queue is bound
   *     to it with that key. {@code ""} (the default) publishes through the default exchange.
   */
  public AmqpSourceSettings<T> withDeadLetterExchange(String exchange) {
    return with(c -> c.deadLetterExchange = exchange);
  }

  /** @return a copy with other connection settings */
  public AmqpSourceSettings<T> withConnection(AmqpConnectionSettings newConnection) {
    return with(c -> c.connection = newConnection);
  }

  /** @return a copy with another decoder */
  public <R> AmqpSourceSettings<R> withDecoder(PayloadDecoder<R> newDecoder) {
    return new AmqpSourceSettings<>(newDecoder, v.copy());
  }

  /** @return the connection settings */
  public AmqpConnectionSettings connection() {
    return v.connection;
  }

  /** @return the queue consumed */
  public String queue() {
    return v.queue;
  }

  /** @return the payload decoder */
  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  /** @return the most unacknowledged deliveries the consumer holds */
  public int prefetch() {
    return v.prefetch;
  }

  /** @return what is declared on every connect (empty: the queue is only checked) */
  public List<AmqpDeclaration> declarations() {
    return v.declarations;
  }

  /** @return the header the key comes from, or {@code null} for the routing key */
  public String keyHeader() {
    return v.keyHeader;
  }

  /** @return the dead-letter queue of {@code sourceQueue} */
  public String deadLetterQueue(String sourceQueue) {
    return sourceQueue + v.deadLetterSuffix;
  }

  /** @return the exchange dead letters are published to ({@code ""} = the default exchange) */
  public String deadLetterExchange() {
    return v.deadLetterExchange;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AmqpSourceSettings && ((AmqpSourceSettings<?>) o).decoder.equals(decoder)
        && ((AmqpSourceSettings<?>) o).v.all().equals(v.all());
  }

  @Override
  public int hashCode() {
    return Objects.hash(decoder, v.all());
  }

  @Override
  public String toString() {
    return "AmqpSourceSettings(" + v.connection.maskedUri() + ", queue=" + v.queue + ", prefetch=" + v.prefetch
        + ")";
  }
}
