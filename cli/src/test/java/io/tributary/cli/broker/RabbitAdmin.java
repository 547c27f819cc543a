package io.tributary.cli.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test access to the real RabbitMQ on 127.0.0.1:5672 (override with {@code -Dtributary.amqp.uri}):
 * unique queue names, deleted with their dead-letter queues at {@link #close()}; message counts
 * through passive declares; publishing with confirms; reading with basic.get.
 */
public final class RabbitAdmin implements AutoCloseable {

  public static final String URI = System.getProperty("tributary.amqp.uri", "amqp://guest:guest@127.0.0.1:5672");

  private final Connection connection;
  private final List<String> queues = new CopyOnWriteArrayList<>();

  public RabbitAdmin() {
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(URI);
      factory.setAutomaticRecoveryEnabled(false);
      factory.setConnectionTimeout(5_000);
      connection = factory.newConnection("tributary-samples-test");
    } catch (Exception e) {
      throw new IllegalStateException("RabbitMQ is not reachable at " + URI + ": " + e, e);
    }
  }

  /** @return a fresh queue name; it and {@code <name>.dlq} are deleted at close */
  public String queueName(String prefix) {
    String name = "tributary-samples-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    queues.add(name);
    queues.add(name + ".dlq");
    return name;
  }

  /** Deletes {@code queue} at close (a queue the code under test declares). */
  public void deleteAtClose(String queue) {
    queues.add(queue);
  }

  /** @return messages ready in {@code queue} (not those delivered and unacknowledged) */
  public long messageCount(String queue) {
    return declarePassive(queue).getMessageCount();
  }

  /** @return consumers attached to {@code queue} */
  public long consumerCount(String queue) {
    return declarePassive(queue).getConsumerCount();
  }

  private AMQP.Queue.DeclareOk declarePassive(String queue) {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue);
    } catch (Exception e) {
      throw new IllegalStateException("queue " + queue + ": " + e, e);
    }
  }

  /** Declares {@code queue} durable. */
  public void declareQueue(String queue) {
    try (Channel channel = connection.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Publishes {@code bodies} to {@code queue} through the default exchange, with confirms; body
   * {@code i} carries the header {@code Tributary-Key = keys.get(i)} unless that is null.
   */
  public void publish(String queue, List<String> bodies, List<String> keys) {
    try (Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      for (int i = 0; i < bodies.size(); i++) {
        String key = keys.get(i);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2)
            .headers(key == null ? null : Map.of("Tributary-Key", key)).build();
        channel.basicPublish("", queue, true, properties, bodies.get(i).getBytes(StandardCharsets.UTF_8));
      }
      channel.waitForConfirmsOrDie(30_000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A message read from a queue. */
  public record Received(String body, Map<String, Object> headers) {
    /** @return header {@code name} as text, or null */
    public String header(String name) {
      Object v = headers == null ? null : headers.get(name);
      return v == null ? null : v.toString();
    }
  }

  /** Takes every message ready in {@code queue} (auto-ack). */
  public List<Received> takeAll(String queue) {
    List<Received> result = new ArrayList<>();
    try (Channel channel = connection.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(queue, true)) != null) {
        result.add(new Received(new String(response.getBody(), StandardCharsets.UTF_8),
            response.getProps().getHeaders()));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return result;
  }

  /** Deletes the queues handed out, then closes the connection. */
  @Override
  public void close() {
    for (String queue : queues) {
      try (Channel channel = connection.createChannel()) {
        channel.queueDelete(queue);
      } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
        // already gone
      }
    }
    try {
      connection.close(5_000);
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }
}
