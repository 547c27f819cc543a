package io.tributary.cli.top;

import java.time.Duration;
import java.util.Objects;

/**
 * A stuck or slow lane (a key, a partition, one message) as {@code /health/ready} names it.
 *
 * @param name the lane, e.g. {@code key=k7} or {@code partition=orders/3}
 * @param position where its head message is, {@code source/partition@offset}; empty when not known (the whole
 *     processing stage is stuck)
 * @param state {@code running}, {@code backing-off}, {@code dead-lettering} or {@code waiting}; empty when not
 *     known
 * @param attempt the head message's attempt, 0 when not known
 * @param backlog messages parked behind it
 * @param noProgress how long it has made no progress
 * @param inFlight how long its head message has been in flight (zero when not started)
 */
record Lane(String name, String position, String state, int attempt, int backlog, Duration noProgress,
    Duration inFlight) {

  Lane {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(noProgress, "noProgress");
    Objects.requireNonNull(inFlight, "inFlight");
  }
}
