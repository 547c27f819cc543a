package io.tributary.connectors.kafka;

import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.lifecycle.SourceControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.streams.telemetry.SourceTelemetry;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.kafka.javadsl.Consumer;

/**
 * Controls a running {@link KafkaSource}: stop intake, commit, drain and shut down, and observe
 * what was committed. The materialized value of the source.
 *
 * <p>The graceful sequence is {@link #drainAndShutdown}: stop fetching, let the stream finish the
 * messages it holds, then {@link #shutdown()}: commit everything acknowledged, close the consumer
 * and the dead-letter producer. Nothing past an unfinished message is ever committed.
 */
public final class KafkaControl implements SourceControl, SourceTelemetry {
  private static final long COMMIT_BOUND_SECONDS = 15;
  private final Consumer.Control consumer;
  private final OffsetTracker tracker;
  private final Cancellable commitTicker;
  private final DeadLetterSink<?> deadLetters;
  private final boolean ownsDeadLetters;
  private final KafkaSourceMeters meters;

  KafkaControl(Consumer.Control consumer, OffsetTracker tracker, Cancellable commitTicker,
      DeadLetterSink<?> deadLetters, boolean ownsDeadLetters, KafkaSourceMeters meters) {
    this.meters = meters;
    this.consumer = consumer;
    this.tracker = tracker;
    this.commitTicker = commitTicker;
    this.deadLetters = deadLetters;
    this.ownsDeadLetters = ownsDeadLetters;
  }

  /** Stops fetching: the source completes after the messages already fetched; commits still work. */
  @Override
  public CompletionStage<Done> stop() {
    return consumer.stop();
  }

  /** Commits everything acknowledged so far that is safe to commit; completes when committed. */
  public CompletionStage<Done> commit() {
    return tracker.commitAll();
  }

  /**
   * Commits everything acknowledged that is safe to commit (bounded: a broker that does not answer
   * within {@value #COMMIT_BOUND_SECONDS} s does not hold the stop), then closes the consumer (a final
   * synchronous commit of what is safe runs as it stops) and the dead-letter producer it owns.
   */
  @Override
  public CompletionStage<Done> shutdown() {
    commitTicker.cancel();
    return tracker.commitAll().toCompletableFuture()
        .orTimeout(COMMIT_BOUND_SECONDS, TimeUnit.SECONDS)
        .handle((done, error) -> Done.getInstance())
        .thenCompose(committed -> consumer.shutdown())
        .whenComplete((done, error) -> {
          if (ownsDeadLetters && deadLetters instanceof KafkaDeadLetterSink<?> kafka) {
            kafka.close();
          }
        });
  }

  /** Completes when the consumer has shut down. */
  @Override
  public CompletionStage<Done> isShutdown() {
    return consumer.isShutdown();
  }

  /** @return the offset committed last per partition by this consumer (the next offset to consume) */
  public Map<TopicPartition, Long> committedOffsets() {
    return tracker.committedOffsets();
  }

  /** @return messages emitted and not yet acknowledged (the same as {@link #inFlight()}) */
  public int openMessages() {
    return tracker.open();
  }

  /** @return messages emitted and not yet acknowledged */
  @Override
  public long inFlight() {
    return tracker.open();
  }

  /** @return messages a handler started and has not finished, per partition (for shutdown reports) */
  public Map<TopicPartition, long[]> startedMessages() {
    return tracker.started();
  }

  /** @return the partitions this consumer owns now */
  public java.util.Set<TopicPartition> assignedPartitions() {
    return tracker.owned();
  }

  @Override
  public String protocol() {
    return "kafka";
  }

  /** Consumer lag per partition, commit latency, assigned partitions and the Kafka client's own metrics. */
  @Override
  public AutoCloseable bindMeters(MeterRegistry registry, Tags tags) {
    meters.bind(registry, tags);
    return meters::unbind;
  }

  /**
   * Attached once the group assigned partitions to this consumer, and while no partition's fetch is stuck
   * (behind its end offset with nothing fetched for {@code tributary.health.stuck-after} while the runner is
   * idle).
   */
  @Override
  public Optional<String> notAttached() {
    if (tracker.owned().isEmpty()) {
      return Optional.of("no partitions assigned");
    }
    List<String> stuck = meters.stuckFetches();
    return stuck.isEmpty() ? Optional.empty() : Optional.of("fetch stuck: " + String.join("; ", stuck));
  }

  /** @return messages acknowledged since the start */
  @Override
  public long acknowledged() {
    return tracker.acknowledged();
  }
}
