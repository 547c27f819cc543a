package io.tributary.cli;

import java.util.concurrent.Callable;

/**
 * A command of another jar that joins {@code tributary}: a picocli {@code @Command} class with a
 * public no-argument constructor, listed in {@code META-INF/services/io.tributary.cli.TributaryCommand}.
 * {@link Main} finds it with {@link java.util.ServiceLoader} and adds it under its {@code @Command}
 * name; this is how the samples add {@code demo}, {@code broadcast} and {@code embedding} without
 * the command line depending on them.
 */
public interface TributaryCommand extends Callable<Integer> {
}
