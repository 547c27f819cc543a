package io.tributary.connectors.amqp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Topology a source or sink declares on every (re)connect, before it consumes or publishes: an
 * exchange, a queue, or a binding. Durable and not auto-deleted by default, so queues and their
 * messages survive a broker restart. Declaring is idempotent; declaring an existing entity with
 * other properties fails with an {@link AmqpSetupException} that names the difference.
 *
 * <pre>{@code
 * List.of(
 *     AmqpDeclaration.exchange("orders", "topic"),
 *     AmqpDeclaration.queue("billing").withArgument("x-queue-type", "quorum"),
 *     AmqpDeclaration.binding("billing", "orders", "order.*"))
 * }</pre>
 */
public sealed interface AmqpDeclaration {

  /** @return an exchange of {@code type} ({@code direct}, {@code fanout}, {@code topic}, {@code headers}), durable */
  static Exchange exchange(String name, String type) {
    return new Exchange(name, type, true, false, Map.of());
  }

  /** @return a durable, non-exclusive queue that is not auto-deleted */
  static Queue queue(String name) {
    return new Queue(name, true, false, false, Map.of());
  }

  /** @return a binding of {@code queue} to {@code exchange} with {@code routingKey} */
  static Binding binding(String queue, String exchange, String routingKey) {
    return new Binding(queue, exchange, routingKey, Map.of());
  }

  /**
   * An exchange.
   *
   * @param name the exchange name (not empty: the default exchange cannot be declared)
   * @param type {@code direct}, {@code fanout}, {@code topic}, {@code headers} or a plugin's type
   * @param durable survives a broker restart
   * @param autoDelete deleted when its last binding is removed
   * @param arguments optional arguments, e.g. {@code alternate-exchange}
   */
  record Exchange(String name, String type, boolean durable, boolean autoDelete, Map<String, Object> arguments)
      implements AmqpDeclaration {

    /** Validates and copies. */
    public Exchange {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("exchange name must not be empty (the default exchange exists already)");
      }
      Objects.requireNonNull(type, "type");
      arguments = Map.copyOf(arguments);
    }

    /** @return a copy with another durability */
    public Exchange withDurable(boolean newDurable) {
      return new Exchange(name, type, newDurable, autoDelete, arguments);
    }

    /** @return a copy that is (or is not) deleted with its last binding */
    public Exchange withAutoDelete(boolean newAutoDelete) {
      return new Exchange(name, type, durable, newAutoDelete, arguments);
    }

    /** @return a copy with one more argument */
    public Exchange withArgument(String key, Object value) {
      return new Exchange(name, type, durable, autoDelete, plus(arguments, key, value));
    }
  }

  /**
   * A queue.
   *
   * @param name the queue name (not empty: server-named queues are not supported here)
   * @param durable survives a broker restart (with its persistent messages)
   * @param exclusive used by one connection only, deleted when it closes
   * @param autoDelete deleted when its last consumer goes away
   * @param arguments optional arguments, e.g. {@code x-queue-type}, {@code x-dead-letter-exchange},
   *     {@code x-message-ttl}
   */
  record Queue(String name, boolean durable, boolean exclusive, boolean autoDelete, Map<String, Object> arguments)
      implements AmqpDeclaration {

    /** Validates and copies. */
    public Queue {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("queue name must not be empty");
      }
      arguments = Map.copyOf(arguments);
    }

    /** @return a copy with another durability */
    public Queue withDurable(boolean newDurable) {
      return new Queue(name, newDurable, exclusive, autoDelete, arguments);
    }

    /** @return a copy that is (or is not) exclusive to its connection */
    public Queue withExclusive(boolean newExclusive) {
      return new Queue(name, durable, newExclusive, autoDelete, arguments);
    }

    /** @return a copy that is (or is not) deleted with its last consumer */
    public Queue withAutoDelete(boolean newAutoDelete) {
      return new Queue(name, durable, exclusive, newAutoDelete, arguments);
    }

    /** @return a copy with one more argument */
    public Queue withArgument(String key, Object value) {
      return new Queue(name, durable, exclusive, autoDelete, plus(arguments, key, value));
    }
  }

  /**
   * A binding of a queue to an exchange.
   *
   * @param queue the queue
   * @param exchange the exchange
   * @param routingKey the binding key (a pattern for topic exchanges; ignored by fanout)
   * @param arguments optional arguments (headers exchanges match on them)
   */
  record Binding(String queue, String exchange, String routingKey, Map<String, Object> arguments)
      implements AmqpDeclaration {

    /** Validates and copies. */
    public Binding {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
      arguments = Map.copyOf(arguments);
    }

    /** @return a copy with one more argument */
    public Binding withArgument(String key, Object value) {
      return new Binding(queue, exchange, routingKey, plus(arguments, key, value));
    }
  }

  private static Map<String, Object> plus(Map<String, Object> arguments, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(arguments);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return copy;
  }
}
