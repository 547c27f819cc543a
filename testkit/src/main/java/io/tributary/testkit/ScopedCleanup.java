package io.tributary.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fixture removes from a broker, in nested scopes: the fixture's whole lifetime at the bottom and, while an
 * extension runs a test, one scope per test on top. Closing a scope first stops what was registered to stop (a
 * source that would otherwise declare its queue again), then deletes, ignoring failures: a test that failed
 * half-way must still leave a clean broker, and a name that was never created is simply not there.
 */
final class ScopedCleanup {

    /** A clean-up step; its failure is logged and ignored. */
    interface Action {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(ScopedCleanup.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final class Scope {
        final List<Action> stops = new ArrayList<>();
        final List<Action> deletes = new ArrayList<>();
    }

    private final Deque<Scope> scopes = new ArrayDeque<>(); // guarded by this

    ScopedCleanup() {
        scopes.push(new Scope());
    }

    /** Runs {@code stop} when the current scope closes, before its deletions, waiting at most 30 s for it. */
    synchronized void stopAtClose(Supplier<? extends CompletionStage<?>> stop) {
        scopes.peek().stops.add(() -> stop.get().toCompletableFuture()
                .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Runs {@code delete} when the current scope closes. */
    synchronized void deleteAtClose(Action delete) {
        scopes.peek().deletes.add(delete);
    }

    /** Opens a scope, e.g. for one test. */
    synchronized void enter() {
        scopes.push(new Scope());
    }

    /** Closes the innermost scope opened by {@link #enter()}; the fixture's own scope stays. */
    void exit() {
        Scope scope;
        synchronized (this) {
            if (scopes.size() == 1) {
                return;
            }
            scope = scopes.pop();
        }
        run(scope);
    }

    /** Closes every scope, innermost first. */
    void exitAll() {
        while (true) {
            Scope scope;
            synchronized (this) {
                if (scopes.isEmpty()) {
                    scopes.push(new Scope());
                    return;
                }
                scope = scopes.pop();
            }
            run(scope);
        }
    }

    private static void run(Scope scope) {
        for (Action stop : scope.stops) {
            attempt(stop, "stopping");
        }
        for (Action delete : scope.deletes) {
            attempt(delete, "deleting");
        }
    }

    private static void attempt(Action action, String what) {
        try {
            action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("clean-up: {} failed (ignored): {}", what, e.toString());
        }
    }
}
