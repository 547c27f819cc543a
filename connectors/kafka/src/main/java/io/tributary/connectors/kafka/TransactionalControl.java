package io.tributary.connectors.kafka;

import io.tributary.streams.lifecycle.SourceControl;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;

/**
 * Controls a running {@link TransactionalKafkaRunner}'s source: stop intake, shut down (commit the open transaction,
 * close consumer and producer), and observe transactions, aborts and committed offsets.
 */
public final class TransactionalControl implements SourceControl {
  private final TransactionalLoop<?> loop;

  TransactionalControl(TransactionalLoop<?> loop) {
    this.loop = loop;
  }

  /** Stops fetching: records handed out still finish and commit in later transactions. */
  @Override
  public CompletionStage<Done> stop() {
    loop.requestStop();
    return loop.stopped;
  }

  @Override
  public long inFlight() {
    return loop.inFlight();
  }

  @Override
  public long acknowledged() {
    return loop.acknowledged();
  }

  /**
   * Commits the open transaction (what is contiguous and done), closes consumer and producer. Records still running
   * are not committed: a restart runs them again, and their results are produced once.
   */
  @Override
  public CompletionStage<Done> shutdown() {
    loop.requestShutdown();
    return loop.shutDown;
  }

  @Override
  public CompletionStage<Done> isShutdown() {
    return loop.shutDown;
  }

  /** Completes once the group assigned partitions, or fails when the producer or consumer could not start. */
  @Override
  public CompletionStage<Done> ready() {
    return loop.ready;
  }

  /**
   * @return per partition this runner owned, the group's committed offset as it knows it (next to consume): what its
   *     transactions committed, or what it found committed when the partition was assigned, whichever is higher
   */
  public Map<TopicPartition, Long> committedOffsets() {
    return loop.committedOffsets();
  }

  /** @return transactions committed since the start */
  public long commits() {
    return loop.commits();
  }

  /** @return transactions aborted since the start (each followed by a rewind) */
  public long aborts() {
    return loop.aborts();
  }

  /** @return messages a handler started and has not finished, per partition */
  public Map<TopicPartition, long[]> startedMessages() {
    return loop.started();
  }

  /** @return the partitions this runner owns now */
  public Set<TopicPartition> assignedPartitions() {
    return loop.owned();
  }

  /** @return the producer's {@code transactional.id} */
  public String transactionalId() {
    return loop.transactionalId();
  }
}
