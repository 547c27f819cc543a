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
 * A JUnit 5 extension that gives a test class a {@link NatsFixture} on the real NATS server and, after each test,
 * stops what that test registered with {@link NatsFixture#stopAtClose} and deletes the streams it created or was
 * handed; the connection closes after the class.
 *
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static final NatsExtension natsServer = new NatsExtension();
 *
 *     @Test
 *     void orders_are_consumed(NatsFixture nats) {
 *         String stream = nats.streamName("ORDERS");
 *         nats.createStream(stream, stream.toLowerCase() + ".>");
 *         // run the code under test against nats.url() ...
 *     }
 * }
 * }</pre>
 *
 * <p>Or annotate the class with {@code @ExtendWith(NatsExtension.class)} and take a {@link NatsFixture} parameter
 * in test, {@code @BeforeEach} or {@code @BeforeAll} methods. Streams registered in {@code @BeforeAll} live until
 * the class ends. The server is {@code -Dtributary.nats.url} (or its alias {@code -Dtributary.nats.servers}), else
 * {@value NatsFixture#DEFAULT_URL}.
 * The clean-up per test assumes the class's tests run one at a time, JUnit's default.
 */
public final class NatsExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final FixtureLifecycle<NatsFixture> lifecycle;

    /** Creates an extension for the configured server, {@link NatsFixture#configuredUrl()}. */
    public NatsExtension() {
        this(NatsFixture.configuredUrl());
    }

    /**
     * Creates an extension for the server at {@code url}.
     *
     * @param url one NATS URL or a comma-separated list
     */
    public NatsExtension(String url) {
        Objects.requireNonNull(url, "url");
        this.lifecycle = new FixtureLifecycle<>("NatsExtension", () -> new NatsFixture(url),
                NatsFixture::cleanup);
    }

    /**
     * Returns the open fixture.
     *
     * @return the fixture of the running test class
     * @throws IllegalStateException outside the test class's lifetime
     */
    public NatsFixture fixture() {
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
     * Stops what the test registered and deletes its streams; disconnects when the fixture was opened for this test only.
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
     * Supports parameters of type {@link NatsFixture}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return true for a {@link NatsFixture} parameter
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == NatsFixture.class;
    }

    /**
     * Resolves a {@link NatsFixture} parameter to the open fixture.
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
