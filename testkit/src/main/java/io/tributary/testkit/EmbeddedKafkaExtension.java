package io.tributary.testkit;

import java.util.Objects;
import java.util.function.Consumer;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one {@link EmbeddedKafkaBroker} before the first test of a class and stops it
 * after the last, so every test method of the class (and of its {@code @Nested} classes) shares it.
 *
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
 *
 *     @Test
 *     void orders_are_consumed() {
 *         kafka.createTopic("orders", 4);
 *         String bootstrapServers = kafka.bootstrapServers();
 *         // ...
 *     }
 * }
 * }</pre>
 *
 * <p>The field must be {@code static}: JUnit calls the class-level callbacks only for static fields. Alternatively
 * annotate the class with {@code @ExtendWith(EmbeddedKafkaExtension.class)} and take an {@link EmbeddedKafkaBroker}
 * parameter in test, lifecycle or constructor methods. Topics live as long as the broker: give each test its own
 * topic names.
 *
 * <p>{@link #shared()} returns an extension whose broker is started once per JVM, by the first test class that
 * needs it, and stopped when the JVM exits: with Maven Surefire's default single reused fork, every test class of a
 * module that registers {@code EmbeddedKafkaExtension.shared()} uses one broker, so each class after the first
 * skips a broker start (a child JVM, several seconds). Give every class its own topic and group names; a class
 * that stops, freezes or reconfigures its broker keeps one of its own ({@code new EmbeddedKafkaExtension()}).
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Consumer<EmbeddedKafkaBroker.Builder> configuration;
    private final boolean shared;
    private EmbeddedKafkaBroker broker; // guarded by this
    private String owner; // unique id of the container whose beforeAll started the broker; guarded by this

    /** Creates an extension for a broker with the defaults of {@link EmbeddedKafkaBroker#builder()}. */
    public EmbeddedKafkaExtension() {
        this(builder -> { });
    }

    /**
     * Creates an extension for a broker configured by a function, e.g.
     * {@code new EmbeddedKafkaExtension(b -> b.autoCreateTopics(true))}.
     *
     * @param configuration applied to a fresh {@link EmbeddedKafkaBroker.Builder} before the broker is built
     */
    public EmbeddedKafkaExtension(Consumer<EmbeddedKafkaBroker.Builder> configuration) {
        this(configuration, false);
    }

    private EmbeddedKafkaExtension(Consumer<EmbeddedKafkaBroker.Builder> configuration, boolean shared) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.shared = shared;
    }

    /**
     * Returns an extension over this JVM's shared broker (defaults of {@link EmbeddedKafkaBroker#builder()}): started
     * by the first test class that uses it, kept running after that class, stopped when the JVM exits (the broker's
     * own shutdown hook; its child JVM also stops when this JVM is gone).
     *
     * <pre>{@code
     * @RegisterExtension
     * static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();
     * }</pre>
     *
     * @return a new extension whose {@link #broker()} is the JVM-wide shared broker
     */
    public static EmbeddedKafkaExtension shared() {
        return new EmbeddedKafkaExtension(builder -> { }, true);
    }

    /**
     * Starts the broker unless an enclosing test class started it already.
     *
     * @param context the test class's context
     */
    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (shared) {
            broker = SharedKafkaBroker.get();
            return;
        }
        if (broker == null) {
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
            configuration.accept(builder);
            broker = builder.build().start();
            owner = context.getUniqueId();
        }
    }

    /**
     * Stops the broker after the test class that started it; the {@link #shared()} broker keeps running.
     *
     * @param context the test class's context
     */
    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (shared) {
            return; // the shared broker outlives the class; it stops when the JVM exits
        }
        if (broker != null && context.getUniqueId().equals(owner)) {
            try {
                broker.close();
            } finally {
                broker = null;
                owner = null;
            }
        }
    }

    /**
     * Returns the shared broker.
     *
     * @return the running broker
     * @throws IllegalStateException outside the test class's lifetime, or when the extension was registered on a
     *     non-static field
     */
    public synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("EmbeddedKafkaExtension has no running broker: register it on a static "
                    + "field (@RegisterExtension static final EmbeddedKafkaExtension kafka = ...) or with "
                    + "@ExtendWith on the test class, and use it only while the class's tests run");
        }
        return broker;
    }

    /**
     * Returns the shared broker's bootstrap servers, {@code "127.0.0.1:<port>"}.
     *
     * @return the broker's address
     */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * Creates a topic on the shared broker; see {@link EmbeddedKafkaBroker#createTopic(String, int)}.
     *
     * @param name the topic's name
     * @param partitions the number of partitions, at least 1
     */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions);
    }

    /**
     * Supports parameters of type {@link EmbeddedKafkaBroker}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return true for an {@link EmbeddedKafkaBroker} parameter
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    /**
     * Resolves an {@link EmbeddedKafkaBroker} parameter to the shared broker.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return the running broker
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }
}
