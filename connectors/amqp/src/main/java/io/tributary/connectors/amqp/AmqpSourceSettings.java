package io.tributary.connectors.amqp;

import io.tributary.streams.codec.PayloadDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link AmqpSource}: the connection, the queue, how to decode, how many
 * unacknowledged deliveries the consumer may hold, what to declare, where a message's key comes
 * from, and where dead letters go. Immutable; start with {@link #create} and change with {@code
 * withX}.
 *
 * <p>Defaults: prefetch 256; the queue is declared durable; the key is the routing key; dead
 * letters go through the default exchange to the durable queue {@code <queue>.dlq}.
 *
 * @param <T> the payload type the decoder produces
 */
public final class AmqpSourceSettings<T> {

  private final AmqpConnectionSettings connection;
  private final String queue;
  private final PayloadDecoder<T> decoder;
  private final int prefetch;
  private final List<AmqpDeclaration> declarations;
  private final String keyHeader;
  private final String deadLetterSuffix;
  private final String deadLetterExchange;

  private AmqpSourceSettings(AmqpConnectionSettings connection, String queue, PayloadDecoder<T> decoder,
      int prefetch, List<AmqpDeclaration> declarations, String keyHeader, String deadLetterSuffix,
      String deadLetterExchange) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.queue = Objects.requireNonNull(queue, "queue");
    if (queue.isEmpty()) {
      throw new IllegalArgumentException("queue must not be empty");
    }
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    if (prefetch < 1 || prefetch > 65_535) {
      throw new IllegalArgumentException("prefetch must be in 1..65535 (AMQP's limit), was " + prefetch);
    }
    this.prefetch = prefetch;
    this.declarations = List.copyOf(declarations);
    this.keyHeader = keyHeader;
    this.deadLetterSuffix = Objects.requireNonNull(deadLetterSuffix, "deadLetterSuffix");
    if (deadLetterSuffix.isEmpty()) {
      throw new IllegalArgumentException("deadLetterSuffix must not be empty: dead letters would go back to the queue");
    }
    this.deadLetterExchange = Objects.requireNonNull(deadLetterExchange, "deadLetterExchange");
  }

  /** Settings for {@code queue} on the broker at {@code uri}, with the defaults (see the class comment). */
  public static <T> AmqpSourceSettings<T> create(String uri, String queue, PayloadDecoder<T> decoder) {
    return create(AmqpConnectionSettings.create(uri), queue, decoder);
  }

  /** Settings for {@code queue} over {@code connection}, with the defaults (see the class comment). */
  public static <T> AmqpSourceSettings<T> create(AmqpConnectionSettings connection, String queue,
      PayloadDecoder<T> decoder) {
    return new AmqpSourceSettings<>(connection, queue, decoder, 256, List.of(AmqpDeclaration.queue(queue)),
        null, ".dlq", "");
  }

  /**
   * @return a copy whose consumer holds at most {@code n} unacknowledged deliveries ({@code
   *     basic.qos}): the bound on messages in flight between the broker and the acknowledgement,
   *     and so on the memory a slow handler can make the source use. Keep it at least the
   *     processing runner's buffer size, or handlers starve.
   */
  public AmqpSourceSettings<T> withPrefetch(int n) {
    return new AmqpSourceSettings<>(connection, queue, decoder, n, declarations, keyHeader, deadLetterSuffix,
        deadLetterExchange);
  }

  /** @return a copy that declares these (in order) on every connect instead of the default durable queue */
  public AmqpSourceSettings<T> withDeclarations(List<AmqpDeclaration> newDeclarations) {
    return new AmqpSourceSettings<>(connection, queue, decoder, prefetch, newDeclarations, keyHeader,
        deadLetterSuffix, deadLetterExchange);
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
    return new AmqpSourceSettings<>(connection, queue, decoder, prefetch, declarations,
        Objects.requireNonNull(name, "name"), deadLetterSuffix, deadLetterExchange);
  }

  /** @return a copy whose envelope key is the message's routing key (the default) */
  public AmqpSourceSettings<T> withKeyFromRoutingKey() {
    return new AmqpSourceSettings<>(connection, queue, decoder, prefetch, declarations, null,
        deadLetterSuffix, deadLetterExchange);
  }

  /** @return a copy whose dead letters go to the queue {@code <queue><suffix>} */
  public AmqpSourceSettings<T> withDeadLetterSuffix(String suffix) {
    return new AmqpSourceSettings<>(connection, queue, decoder, prefetch, declarations, keyHeader, suffix,
        deadLetterExchange);
  }

  /**
   * @return a copy whose dead letters are published to {@code exchange} (declared durable, type
   *     direct) with the dead-letter queue's name as routing key; the dead-letter queue is bound
   *     to it with that key. {@code ""} (the default) publishes through the default exchange.
   */
  public AmqpSourceSettings<T> withDeadLetterExchange(String exchange) {
    return new AmqpSourceSettings<>(connection, queue, decoder, prefetch, declarations, keyHeader,
        deadLetterSuffix, exchange);
  }

  /** @return a copy with other connection settings */
  public AmqpSourceSettings<T> withConnection(AmqpConnectionSettings newConnection) {
    return new AmqpSourceSettings<>(newConnection, queue, decoder, prefetch, declarations, keyHeader,
        deadLetterSuffix, deadLetterExchange);
  }

  /** @return a copy with another decoder */
  public <R> AmqpSourceSettings<R> withDecoder(PayloadDecoder<R> newDecoder) {
    return new AmqpSourceSettings<>(connection, queue, newDecoder, prefetch, declarations, keyHeader,
        deadLetterSuffix, deadLetterExchange);
  }

  /** @return the connection settings */
  public AmqpConnectionSettings connection() {
    return connection;
  }

  /** @return the queue consumed */
  public String queue() {
    return queue;
  }

  /** @return the payload decoder */
  public PayloadDecoder<T> decoder() {
    return decoder;
  }

  /** @return the most unacknowledged deliveries the consumer holds */
  public int prefetch() {
    return prefetch;
  }

  /** @return what is declared on every connect (empty: the queue is only checked) */
  public List<AmqpDeclaration> declarations() {
    return declarations;
  }

  /** @return the header the key comes from, or {@code null} for the routing key */
  public String keyHeader() {
    return keyHeader;
  }

  /** @return the dead-letter queue of {@code sourceQueue} */
  public String deadLetterQueue(String sourceQueue) {
    return sourceQueue + deadLetterSuffix;
  }

  /** @return the exchange dead letters are published to ({@code ""} = the default exchange) */
  public String deadLetterExchange() {
    return deadLetterExchange;
  }

  @Override
  public String toString() {
    return "AmqpSourceSettings(" + connection.maskedUri() + ", queue=" + queue + ", prefetch=" + prefetch + ")";
  }
}
