package io.tributary.streams.processing;

import io.tributary.streams.envelope.SourcePosition;
import java.time.Duration;
import java.util.Objects;

/**
 * A lane of the processing runner with work in flight, as its last {@link LaneSnapshot} saw it: the
 * message at its head (running, backing off, being dead-lettered, or waiting for a free slot) and the
 * messages parked behind it. Times are {@link System#nanoTime()} readings; {@link #noProgressFor} and
 * {@link #inFlightFor} turn them into durations.
 *
 * @param kind what the lane is: a key, a partition, or (unordered) the message alone
 * @param key the head message's key, or {@code null}
 * @param position where the head message came from: topic, queue or stream, partition, offset
 * @param attempt the head message's attempt running or next to run (1 = the first)
 * @param state what the head message is doing
 * @param backlog messages of the lane parked behind the head
 * @param progressNanos when the lane last made progress: its previous message completed, or it got its
 *     first message
 * @param startedNanos when the head message's first attempt started; 0 when it has not started yet
 */
public record BusyLane(Kind kind, String key, SourcePosition position, int attempt, State state, int backlog,
    long progressNanos, long startedNanos) {

  /** What a lane stands for (see {@link OrderingMode}). */
  public enum Kind {
    /** The messages of one key ({@link OrderingMode#ORDERED_PER_KEY}). */
    KEY,
    /** The messages of one partition ({@link OrderingMode#ORDERED}, or messages without a key). */
    PARTITION,
    /** One message alone ({@link OrderingMode#UNORDERED}): nothing waits behind it. */
    MESSAGE
  }

  /** What a lane's head message is doing. */
  public enum State {
    /** Waiting for a free slot (the parallelism is used up), or for its retry to start. */
    WAITING,
    /** Its handler is running. */
    RUNNING,
    /** Its last attempt failed; waiting for the backoff before the next one. */
    BACKING_OFF,
    /** Its attempts are used up; being written to the dead-letter destination. */
    DEAD_LETTERING
  }

  /** Checks the parts are there. */
  public BusyLane {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(state, "state");
  }

  /** @return the lane's name for log lines and reports: {@code key=k7}, {@code partition=orders/3}, ... */
  public String name() {
    return switch (kind) {
      case KEY -> "key=" + key;
      case PARTITION -> "partition=" + position.source() + "/" + position.partition();
      case MESSAGE -> "message=" + position;
    };
  }

  /** @return how long the lane has made no progress at {@code nowNanos} (a {@link System#nanoTime()}) */
  public Duration noProgressFor(long nowNanos) {
    return Duration.ofNanos(Math.max(0, nowNanos - progressNanos));
  }

  /** @return how long the head message has been in flight at {@code nowNanos}; zero when not started */
  public Duration inFlightFor(long nowNanos) {
    return startedNanos == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, nowNanos - startedNanos));
  }
}
