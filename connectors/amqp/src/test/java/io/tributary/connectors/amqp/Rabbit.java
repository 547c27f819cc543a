package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Test access to the real broker on 127.0.0.1:5672 (override with -Dtributary.amqp.uri): unique
 * queue names (deleted with their dead-letter queues by {@link #close()}), publishing with
 * confirms, and inspection through passive declares and basic.get.
 */
final class Rabbit implements AutoCloseable {

  static final String URI = System.getProperty("tributary.amqp.uri", "amqp://guest:guest@127.0.0.1:5672");

  /** The admin connection; opened again when a broker restart closed it. */
  private Connection connection;
  private final List<String> queues = new CopyOnWriteArrayList<>();
  private final List<String> exchanges = new CopyOnWriteArrayList<>();
  private final List<Supplier<CompletionStage<?>>> stops = new CopyOnWriteArrayList<>();

  Rabbit() {
    connection = open();
  }

  private static Connection open() {
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(URI);
      factory.setAutomaticRecoveryEnabled(false);
      factory.setConnectionTimeout(5_000);
      return factory.newConnection("tributary-test-admin");
    } catch (Exception e) {
      throw new IllegalStateException("RabbitMQ is not reachable at " + AmqpConnections.mask(URI)
          + " (start it with `rabbitmq-server -detached`): " + e, e);
    }
  }

  private synchronized Connection connection() {
    if (!connection.isOpen()) {
      connection = open();
    }
    return connection;
  }

  /** A fresh queue name, deleted (with {@code <name>.dlq}) at close. */
  String queueName(String prefix) {
    String name = "tributary-test-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    queues.add(name);
    queues.add(name + ".dlq");
    return name;
  }

  /** A fresh exchange name, deleted at close. */
  String exchangeName(String prefix) {
    String name = "tributary-test-x-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    exchanges.add(name);
    return name;
  }

  /**
   * Shuts {@code control}'s source down at close, before its queues are deleted (so that a test
   * that failed half-way cannot leave a reconnecting consumer that declares its queue again).
   */
  void shutdownAtClose(AmqpControl control) {
    stops.add(control::shutdown);
  }

  /** Like {@link #shutdownAtClose(AmqpControl)} for a runner (its dead-letter connection too). */
  void shutdownAtClose(AmqpRunner<?> runner) {
    stops.add(runner::release);
  }

  void declareQueue(String queue) {
    with(ch -> ch.queueDeclare(queue, true, false, false, null));
  }

  /** Publishes {@code n} persistent messages through {@code exchange} with confirms. */
  void publish(String exchange, int n, IntFunction<String> routingKey, IntFunction<byte[]> body,
      IntFunction<Map<String, Object>> headers) {
    with(ch -> {
      ch.confirmSelect();
      for (int i = 0; i < n; i++) {
        AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC.builder().headers(headers.apply(i)).build();
        ch.basicPublish(exchange, routingKey.apply(i), props, body.apply(i));
        if (i % 1000 == 999) {
          ch.waitForConfirmsOrDie(30_000);
        }
      }
      ch.waitForConfirmsOrDie(30_000);
      return null;
    });
  }

  /** Publishes {@code n} text messages straight to {@code queue}. */
  void publishToQueue(String queue, int n, IntFunction<String> text) {
    publish("", n, i -> queue, i -> text.apply(i).getBytes(StandardCharsets.UTF_8), i -> null);
  }

  /** @return the messages ready in {@code queue} (not delivered, or delivered and returned) */
  long ready(String queue) {
    return with(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount());
  }

  /** @return the consumers attached to {@code queue} */
  int consumers(String queue) {
    return with(ch -> ch.queueDeclarePassive(queue).getConsumerCount());
  }

  /** Takes every ready message from {@code queue} (auto-ack). */
  List<GetResponse> take(String queue) {
    return with(ch -> {
      List<GetResponse> all = new ArrayList<>();
      for (GetResponse r = ch.basicGet(queue, true); r != null; r = ch.basicGet(queue, true)) {
        all.add(r);
      }
      return all;
    });
  }

  /** @return true when {@code rabbitmqctl} can talk to the local broker */
  static boolean rabbitmqctlAvailable() {
    try {
      return rabbitmqctl("list_connections", "pid", "-q").exitValue == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Closes, from the broker's side, every connection whose client-provided name is {@code name}
   * ({@code rabbitmqctl close_connection}: the broker sends {@code connection.close} with 320
   * CONNECTION_FORCED, as it does when it shuts down).
   *
   * @return how many connections were closed
   */
  static int forceClose(String name, String reason) throws Exception {
    Result listed = rabbitmqctl("list_connections", "pid", "client_properties", "-q", "--no-table-headers");
    int closed = 0;
    for (String line : listed.output.split("\n")) {
      if (line.contains("{\"connection_name\",\"" + name + "\"}")) {
        String pid = line.substring(0, line.indexOf('\t')).trim();
        if (rabbitmqctl("close_connection", pid, reason).exitValue == 0) {
          closed++;
        }
      }
    }
    return closed;
  }

  /**
   * Stops the broker's application ({@code rabbitmqctl stop_app}): clients are disconnected and
   * new connections refused until {@link #startApp()}; durable queues keep their persistent messages.
   */
  static void stopApp() throws Exception {
    Result r = rabbitmqctl("stop_app");
    if (r.exitValue != 0) {
      throw new IllegalStateException("rabbitmqctl stop_app failed: " + r.output);
    }
  }

  /** Starts the broker's application again ({@code rabbitmqctl start_app}). */
  static void startApp() throws Exception {
    Result r = rabbitmqctl("start_app");
    if (r.exitValue != 0) {
      throw new IllegalStateException("rabbitmqctl start_app failed: " + r.output);
    }
  }

  private record Result(int exitValue, String output) {}

  private static Result rabbitmqctl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("rabbitmqctl");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " did not finish in 30 s");
    }
    return new Result(p.exitValue(), output);
  }

  interface ChannelTask<R> {
    R run(Channel channel) throws IOException, InterruptedException, java.util.concurrent.TimeoutException;
  }

  <R> R with(ChannelTask<R> task) {
    try (Channel ch = connection().createChannel()) {
      return task.run(ch);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Supplier<CompletionStage<?>> stop : stops) {
      try {
        stop.get().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort: the queues are deleted anyway
      }
    }
    for (String q : queues) {
      try (Channel ch = connection().createChannel()) {
        ch.queueDelete(q);
      } catch (Exception ignored) {
        // gone already
      }
    }
    for (String x : exchanges) {
      try (Channel ch = connection().createChannel()) {
        ch.exchangeDelete(x);
      } catch (Exception ignored) {
        // gone already
      }
    }
    try {
      connection().close(5_000);
    } catch (Exception ignored) {
      // best effort
    }
  }
}
