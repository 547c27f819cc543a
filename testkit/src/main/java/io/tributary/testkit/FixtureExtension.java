package io.tributary.testkit;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 callbacks {@link RabbitMqExtension} and {@link NatsExtension} share: a fixture (one connection) per
 * test class when the extension is on a static field or the class, else one per test; after each test, what that
 * test registered with the fixture is cleaned up; the fixture closes after the container that opened it; test and
 * lifecycle methods may take the fixture as a parameter.
 *
 * @param <F> the fixture type
 */
public abstract class FixtureExtension<F extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Class<F> fixtureType;
    private final FixtureLifecycle<F> lifecycle;

    /**
     * @param fixtureType the fixture's class, resolved as a parameter
     * @param open opens a fixture (connects)
     * @param cleanup the fixture's per-test clean-up scope
     */
    FixtureExtension(Class<F> fixtureType, Supplier<F> open, Function<F, ScopedCleanup> cleanup) {
        this.fixtureType = Objects.requireNonNull(fixtureType, "fixtureType");
        this.lifecycle = new FixtureLifecycle<>(getClass().getSimpleName(), open, cleanup);
    }

    /**
     * Returns the open fixture.
     *
     * @return the fixture of the running test class
     * @throws IllegalStateException outside the test class's lifetime
     */
    public F fixture() {
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
     * Cleans up what the test registered; disconnects when the fixture was opened for this test only.
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
     * Supports parameters of the fixture's type.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return true for a parameter of the fixture's type
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == fixtureType;
    }

    /**
     * Resolves a parameter of the fixture's type to the open fixture.
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
