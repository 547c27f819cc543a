package io.tributary.testkit;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class RabbitMqExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final FixtureLifecycle<RabbitMqFixture> lifecycle;

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
        Objects.requireNonNull(uri, "uri");
        this.lifecycle = new FixtureLifecycle<>("RabbitMqExtension", () -> new RabbitMqFixture(uri),
                RabbitMqFixture::cleanup);
    }

    /**
     * Returns the open fixture.
     *
     * @return the fixture of the running test class
     * @throws IllegalStateException outside the test class's lifetime
     */
    public RabbitMqFixture fixture() {
        return lifecycle.fixture();
    }

    /**
     * Connects, for the whole class.
     *
     * @param context the test class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        lifecycle.beforeAll(context);
    }

    /**
     * Connects unless connected, and opens the test's clean-up scope.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        lifecycle.beforeEach(context);
    }

    /**
     * Stops and deletes what the test registered; disconnects when the fixture was opened for this test only.
     *
     * @param context the test's context
     * @throws Exception when closing the connection failed
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        lifecycle.afterEach(context);
    }

    /**
     * Cleans up the rest and disconnects after the class that connected.
     *
     * @param context the test class's context
     * @throws Exception when closing the connection failed
     */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        lifecycle.afterAll(context);
    }

    /**
     * Supports parameters of type {@link RabbitMqFixture}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return true for a {@link RabbitMqFixture} parameter
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RabbitMqFixture.class;
    }

    /**
     * Resolves a {@link RabbitMqFixture} parameter to the open fixture.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return the fixture
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return fixture();
    }
}
