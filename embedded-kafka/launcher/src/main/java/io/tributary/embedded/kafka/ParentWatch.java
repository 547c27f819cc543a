package io.tributary.embedded.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entry point of the broker's child JVM: exits that JVM when the process that started it is
 * gone, then runs the real main class ({@code args[0]}) with the remaining arguments. A parent
 * killed with SIGKILL cannot run its shutdown hook; without this, its broker would keep running,
 * holding a port, memory and a data directory.
 *
 * <p>It runs in the child, on the broker's classpath plus this class's location, so it uses only
 * the JDK and calls the main class by reflection. {@code System.exit} runs Kafka's own shutdown
 * hook: the broker stops cleanly.
 */
final class ParentWatch {

    /** The exit status of a child whose parent went away. */
    static final int PARENT_GONE = 3;

    private ParentWatch() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ParentWatch <main class> [arguments...]");
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        parent.ifPresent(p -> p.onExit().thenRun(() -> {
            System.err.println("tributary: the parent process " + p.pid() + " is gone; stopping this broker");
            System.exit(PARENT_GONE);
        }));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
