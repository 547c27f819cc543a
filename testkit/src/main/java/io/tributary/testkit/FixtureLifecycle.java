package io.tributary.testkit;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle behind {@link FixtureExtension}: one fixture (one connection) per test class when the extension is
 * on a static field or the class ({@code beforeAll}), else one per test; after each test, what that test registered
 * is cleaned up; the fixture closes after the container that opened it.
 *
 * @param <F> the fixture type
 */
final class FixtureLifecycle<F extends AutoCloseable> {

    private final String extensionName;
    private final Supplier<F> open;
    private final Function<F, ScopedCleanup> cleanup;
    private F fixture; // guarded by this
    private String owner; // unique id of the context that opened the fixture; guarded by this

    FixtureLifecycle(String extensionName, Supplier<F> open, Function<F, ScopedCleanup> cleanup) {
        this.extensionName = extensionName;
        this.open = Objects.requireNonNull(open, "open");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    }

    synchronized void beforeAll(ExtensionContext context) {
        openIfNeeded(context);
    }

    synchronized void beforeEach(ExtensionContext context) {
        openIfNeeded(context);
        cleanup.apply(fixture).enter();
    }

    void afterEach(ExtensionContext context) throws Exception {
        F current;
        synchronized (this) {
            current = fixture;
        }
        if (current != null) {
            cleanup.apply(current).exit();
            closeIfOwner(context);
        }
    }

    void afterAll(ExtensionContext context) throws Exception {
        closeIfOwner(context);
    }

    synchronized F fixture() {
        if (fixture == null) {
            throw new IllegalStateException(extensionName + " has no open fixture: use it only while the test "
                    + "class's tests run (register it with @RegisterExtension or @ExtendWith)");
        }
        return fixture;
    }

    private void openIfNeeded(ExtensionContext context) {
        if (fixture == null) {
            fixture = open.get();
            owner = context.getUniqueId();
        }
    }

    private void closeIfOwner(ExtensionContext context) throws Exception {
        F toClose = null;
        synchronized (this) {
            if (fixture != null && context.getUniqueId().equals(owner)) {
                toClose = fixture;
                fixture = null;
                owner = null;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
