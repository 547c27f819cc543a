package io.tributary.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;

/**
 * A test's access to the real RabbitMQ broker (127.0.0.1:5672, guest/guest, unless {@code -Dtributary.amqp.uri}):
 * unique queue and exchange names that are deleted at {@link #close()}, publishing with confirms, and inspection
 * through passive declares and {@code basic.get}.
 *
 * <pre>{@code
 * try (RabbitMqFixture rabbit = new RabbitMqFixture()) {
 *     String queue = rabbit.queueName("orders");   // deleted at close, with orders-....dlq
 *     rabbit.declareQueue(queue);
 *     rabbit.publishToQueue(queue, 100, i -> "order-" + i);
 *     // run the code under test against rabbit.uri() ...
 *     assertThat(rabbit.messageCount(queue)).isZero();
 * }
 * }</pre>
 *
 * <p>{@link RabbitMqExtension} gives a test class one fixture and cleans up after each test. Register what the code
 * under test keeps running with {@link #stopAtClose(Supplier)}: it is stopped before the queues are deleted, so a
 * reconnecting consumer cannot declare its queue again. The admin connection is opened again when a broker restart
 * closed it. Methods throw {@link IllegalStateException} when the broker refuses an operation.
 */
public final class RabbitMqFixture implements AutoCloseable {

    /** The system property that names the broker: {@value}. */
    public static final String URI_PROPERTY = "tributary.amqp.uri";

    /** The broker the development and CI machines run: {@value}. */
    public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672";

    private final String uri;
    private final ScopedCleanup cleanup = new ScopedCleanup();
    private Connection connection; // guarded by this

    /** Connects to the configured broker, {@link #configuredUri()}. */
    public RabbitMqFixture() {
        this(configuredUri());
    }

    /**
     * Connects to the broker at {@code uri}.
     *
     * @param uri an {@code amqp://} or {@code amqps://} URI
     * @throws IllegalStateException when the broker is not reachable
     */
    public RabbitMqFixture(String uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.connection = open();
    }

    /**
     * Returns the broker the tests use: {@code -Dtributary.amqp.uri}, else {@value #DEFAULT_URI}.
     *
     * @return an AMQP URI
     */
    public static String configuredUri() {
        return System.getProperty(URI_PROPERTY, DEFAULT_URI);
    }

    /**
     * Returns the broker's URI, credentials included, for the code under test.
     *
     * @return the URI this fixture connected to
     */
    public String uri() {
        return uri;
    }

    /**
     * Returns the broker's host, e.g. for a proxy in front of it.
     *
     * @return the URI's host
     */
    public String host() {
        return URI.create(uri).getHost();
    }

    /**
     * Returns the broker's port, e.g. for a proxy in front of it.
     *
     * @return the URI's port, or 5672 (5671 for {@code amqps}) when it names none
     */
    public int port() {
        URI parsed = URI.create(uri);
        if (parsed.getPort() != -1) {
            return parsed.getPort();
        }
        return "amqps".equalsIgnoreCase(parsed.getScheme()) ? 5671 : 5672;
    }

    /**
     * Returns a queue name no other test uses, {@code tributary-test-<prefix>-<random>}; it and {@code <name>.dlq}
     * (the connector's default dead-letter queue) are deleted at close.
     *
     * @param prefix a readable part of the name
     * @return the fresh name (the queue is not declared)
     */
    public String queueName(String prefix) {
        String name = "tributary-test-" + prefix + "-" + random();
        deleteQueueAtClose(name);
        deleteQueueAtClose(name + ".dlq");
        return name;
    }

    /**
     * Returns an exchange name no other test uses, {@code tributary-test-x-<prefix>-<random>}, deleted at close.
     *
     * @param prefix a readable part of the name
     * @return the fresh name (the exchange is not declared)
     */
    public String exchangeName(String prefix) {
        String name = "tributary-test-x-" + prefix + "-" + random();
        deleteExchangeAtClose(name);
        return name;
    }

    /**
     * Deletes {@code queue} at close: a queue the code under test declares under a name of its own.
     *
     * @param queue the queue's name
     */
    public void deleteQueueAtClose(String queue) {
        cleanup.deleteAtClose(() -> withChannel(ch -> ch.queueDelete(queue)));
    }

    /**
     * Deletes {@code exchange} at close.
     *
     * @param exchange the exchange's name
     */
    public void deleteExchangeAtClose(String exchange) {
        cleanup.deleteAtClose(() -> withChannel(ch -> ch.exchangeDelete(exchange)));
    }

    /**
     * Stops something the code under test runs (a source's {@code shutdown}, a runner's {@code release}) at close,
     * before the queues are deleted, waiting up to 30 s for the returned stage; a failure is ignored.
     *
     * @param stop starts the stop and returns its completion
     */
    public void stopAtClose(Supplier<? extends CompletionStage<?>> stop) {
        cleanup.stopAtClose(Objects.requireNonNull(stop, "stop"));
    }

    /**
     * Declares {@code queue} durable, not exclusive, not auto-deleted, without arguments.
     *
     * @param queue the queue's name
     */
    public void declareQueue(String queue) {
        withChannel(ch -> ch.queueDeclare(queue, true, false, false, null));
    }

    /**
     * Publishes {@code n} persistent messages through {@code exchange} and waits for the broker's confirms.
     *
     * @param exchange the exchange, {@code ""} for the default one (routing key = queue)
     * @param n how many messages
     * @param routingKey the routing key of message {@code i}
     * @param body the body of message {@code i}
     * @param headers the headers of message {@code i}, or null for none
     */
    public void publish(String exchange, int n, IntFunction<String> routingKey, IntFunction<byte[]> body,
            IntFunction<Map<String, Object>> headers) {
        withChannel(ch -> {
            ch.confirmSelect();
            for (int i = 0; i < n; i++) {
                AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC.builder()
                        .headers(headers.apply(i)).build();
                ch.basicPublish(exchange, routingKey.apply(i), props, body.apply(i));
                if (i % 1000 == 999) {
                    ch.waitForConfirmsOrDie(30_000);
                }
            }
            ch.waitForConfirmsOrDie(30_000);
            return null;
        });
    }

    /**
     * Publishes {@code n} persistent UTF-8 text messages straight to {@code queue} (the default exchange), with
     * confirms.
     *
     * @param queue the queue
     * @param n how many messages
     * @param text the body of message {@code i}
     */
    public void publishToQueue(String queue, int n, IntFunction<String> text) {
        publish("", n, i -> queue, i -> text.apply(i).getBytes(StandardCharsets.UTF_8), i -> null);
    }

    /**
     * Returns the messages ready in {@code queue}: not delivered, or delivered and returned; not those delivered
     * and still unacknowledged.
     *
     * @param queue an existing queue
     * @return the queue's ready count
     */
    public long messageCount(String queue) {
        return withChannel(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount());
    }

    /**
     * Returns the consumers attached to {@code queue}.
     *
     * @param queue an existing queue
     * @return the consumer count
     */
    public int consumerCount(String queue) {
        return withChannel(ch -> ch.queueDeclarePassive(queue).getConsumerCount());
    }

    /**
     * Takes every message ready in {@code queue} with {@code basic.get} (auto-ack), in queue order.
     *
     * @param queue an existing queue
     * @return the messages taken, possibly none
     */
    public List<GetResponse> takeAll(String queue) {
        return withChannel(ch -> {
            List<GetResponse> all = new ArrayList<>();
            for (GetResponse r = ch.basicGet(queue, true); r != null; r = ch.basicGet(queue, true)) {
                all.add(r);
            }
            return all;
        });
    }

    /**
     * Returns a message's body as UTF-8 text.
     *
     * @param message a message taken from a queue
     * @return its body as text
     */
    public static String text(GetResponse message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    /**
     * Returns one header of a message as text ({@code LongString} and other values through {@code toString}).
     *
     * @param message a message taken from a queue
     * @param name the header's name
     * @return the header's value as text, or null when the message has no such header
     */
    public static String header(GetResponse message, String name) {
        Map<String, Object> headers = message.getProps().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    /**
     * A step run on a fresh channel of the admin connection.
     *
     * @param <R> what the step returns
     */
    @FunctionalInterface
    public interface ChannelTask<R> {
        /**
         * Runs the step.
         *
         * @param channel a channel closed after the step
         * @return the step's result
         * @throws IOException when the broker refuses an operation (the channel is then closed)
         * @throws InterruptedException when interrupted while waiting for the broker
         * @throws TimeoutException when confirms did not arrive in time
         */
        R run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /**
     * Runs {@code task} on a fresh channel, for what the other methods do not cover.
     *
     * @param task the step
     * @param <R> what the step returns
     * @return the step's result
     * @throws IllegalStateException wrapping the failure of the step
     */
    public <R> R withChannel(ChannelTask<R> task) {
        try (Channel ch = connection().createChannel()) {
            return task.run(ch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to RabbitMQ", e);
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ at " + masked() + ": " + describe(e), e);
        }
    }

    /** The exception with its causes: amqp-client's IOException carries the broker's reply only in its cause. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            text.append("; caused by ").append(t);
        }
        return text.toString();
    }

    /** Stops what was registered to stop, deletes the names handed out, then closes the connection. */
    @Override
    public void close() {
        cleanup.exitAll();
        try {
            connection().close(5_000);
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    /** The clean-up scopes, for {@link RabbitMqExtension}. */
    ScopedCleanup cleanup() {
        return cleanup;
    }

    private synchronized Connection connection() {
        if (!connection.isOpen()) {
            connection = open();
        }
        return connection;
    }

    private Connection open() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(uri);
            factory.setAutomaticRecoveryEnabled(false);
            factory.setConnectionTimeout(5_000);
            return factory.newConnection("tributary-testkit");
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ is not reachable at " + masked() + " (start it with "
                    + "`rabbitmq-server -detached`, or name another broker with -D" + URI_PROPERTY + "=amqp://...): "
                    + e, e);
        }
    }

    private String masked() {
        int at = uri.indexOf('@');
        int scheme = uri.indexOf("://");
        int colon = uri.indexOf(':', scheme + 3);
        return at > 0 && colon > 0 && colon < at ? uri.substring(0, colon + 1) + "***" + uri.substring(at) : uri;
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
