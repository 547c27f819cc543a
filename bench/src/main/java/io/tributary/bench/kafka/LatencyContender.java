package io.tributary.bench.kafka;

import java.util.function.Consumer;

/**
 * A consumer measured by {@link LatencyWorkload}: it reads a topic with a fresh group and calls
 * {@code handled} with each record's value when its (no-op) handler completes.
 *
 * @param name the contender's name in the rows ({@code plain-loop}, {@code tributary}, ...)
 * @param starter starts it
 */
record LatencyContender(String name, Starter starter) {

  /** Starts the contender; closing what it returns stops it (bounded). */
  @FunctionalInterface
  interface Starter {
    AutoCloseable start(String groupId, String topic, Consumer<byte[]> handled) throws Exception;
  }
}
