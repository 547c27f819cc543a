package io.tributary.faults;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workload on RabbitMQ: persistent messages to a durable queue (declared here) through the default exchange,
 * the key in the header {@code key}, with publisher confirms every {@value #BATCH} messages. A batch that is not
 * confirmed (the connection died, the broker stopped) is published again on a new connection once the broker
 * answers, for at most {@link #RETRY_BOUND}: duplicates are possible, gaps are not.
 */
final class AmqpWorkloadProducer implements WorkloadProducer {

  static final String KEY_HEADER = "key";
  private static final Logger log = LoggerFactory.getLogger(AmqpWorkloadProducer.class);
  private static final int BATCH = 50;
  private static final Duration RETRY_BOUND = Duration.ofMinutes(2);

  private record Pending(String key, byte[] value) {}

  private final ConnectionFactory factory;
  private final String queue;
  private final List<Pending> unconfirmed = new ArrayList<>();
  private Connection connection;
  private Channel channel;

  AmqpWorkloadProducer(String uri, String queue) throws Exception {
    this.queue = queue;
    this.factory = new ConnectionFactory();
    factory.setUri(uri);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    connect();
  }

  private void connect() throws Exception {
    closeQuietly();
    connection = factory.newConnection("tributary-faults-producer");
    channel = connection.createChannel();
    channel.queueDeclare(queue, true, false, false, null);
    channel.confirmSelect();
  }

  @Override
  public void send(long id, String key, byte[] value) throws Exception {
    unconfirmed.add(new Pending(key, value));
    try {
      publish(unconfirmed.get(unconfirmed.size() - 1));
      if (unconfirmed.size() >= BATCH) {
        confirm();
      }
    } catch (Exception e) {
      recover(e);
    }
  }

  private void publish(Pending p) throws Exception {
    AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC.builder()
        .headers(Map.of(KEY_HEADER, p.key())).build();
    channel.basicPublish("", queue, props, p.value());
  }

  private void confirm() throws Exception {
    channel.waitForConfirmsOrDie(10_000);
    unconfirmed.clear();
  }

  /** Reconnects and publishes the unconfirmed batch again until it is confirmed or the bound ran out. */
  private void recover(Exception first) throws Exception {
    log.info("publishing to {} failed ({}); publishing the last {} again once the broker answers", queue,
        first.toString(), unconfirmed.size());
    long deadline = System.nanoTime() + RETRY_BOUND.toNanos();
    Exception last = first;
    while (System.nanoTime() < deadline) {
      try {
        connect();
        for (Pending p : unconfirmed) {
          publish(p);
        }
        confirm();
        return;
      } catch (Exception e) {
        last = e;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // the reconnect interval
      }
    }
    throw new IllegalStateException("RabbitMQ did not take the workload's messages again within " + RETRY_BOUND,
        last);
  }

  @Override
  public void flush() throws Exception {
    if (unconfirmed.isEmpty()) {
      return;
    }
    try {
      confirm();
    } catch (Exception e) {
      recover(e);
    }
  }

  private void closeQuietly() {
    try {
      if (connection != null && connection.isOpen()) {
        connection.close(2_000);
      }
    } catch (Exception e) {
      // the connection is gone already
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
