package io.tributary.testkit;

import java.util.Objects;

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
public final class NatsExtension extends FixtureExtension<NatsFixture> {

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
        super(NatsFixture.class, () -> new NatsFixture(url), NatsFixture::cleanup);
        Objects.requireNonNull(url, "url");
    }
}
