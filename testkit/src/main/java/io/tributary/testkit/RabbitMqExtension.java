package io.tributary.testkit;

import java.util.Objects;

/**
 * A JUnit 5 extension that gives a test class a {@link RabbitMqFixture} on the real broker and, after each test,
 * stops what that test registered with {@link RabbitMqFixture#stopAtClose} and deletes the queues and exchanges it
 * was handed; the connection closes after the class.
 *
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static final RabbitMqExtension rabbitMq = new RabbitMqExtension();
 *
 *     @Test
 *     void orders_are_consumed(RabbitMqFixture rabbit) {
 *         String queue = rabbit.queueName("orders");
 *         rabbit.declareQueue(queue);
 *         // run the code under test against rabbit.uri() ...
 *     }
 * }
 * }</pre>
 *
 * <p>Or annotate the class with {@code @ExtendWith(RabbitMqExtension.class)} and take a {@link RabbitMqFixture}
 * parameter in test, {@code @BeforeEach} or {@code @BeforeAll} methods. Names handed out in {@code @BeforeAll}
 * live until the class ends. The broker is {@code -Dtributary.amqp.uri}, else {@value RabbitMqFixture#DEFAULT_URI}.
 * The clean-up per test assumes the class's tests run one at a time, JUnit's default.
 */
public final class RabbitMqExtension extends FixtureExtension<RabbitMqFixture> {

    /** Creates an extension for the configured broker, {@link RabbitMqFixture#configuredUri()}. */
    public RabbitMqExtension() {
        this(RabbitMqFixture.configuredUri());
    }

    /**
     * Creates an extension for the broker at {@code uri}.
     *
     * @param uri an {@code amqp://} URI
     */
    public RabbitMqExtension(String uri) {
        super(RabbitMqFixture.class, () -> new RabbitMqFixture(uri), RabbitMqFixture::cleanup);
        Objects.requireNonNull(uri, "uri");
    }
}
