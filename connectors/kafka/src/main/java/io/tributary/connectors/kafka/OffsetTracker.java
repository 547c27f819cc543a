package io.tributary.connectors.kafka;

import io.tributary.streams.envelope.Acknowledgement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ConsumerMessage.CommittableOffset;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safe commits for one consumer: tracks every emitted offset per assigned partition and commits,
 * per partition, only up to the offset below the lowest one still open — never past an unfinished
 * message. Commits are batched (after {@code commitBatch} acknowledgements or on the periodic
 * tick), go through the Pekko consumer actor, and never cover a partition this consumer no longer
 * owns. On revocation it drains the started messages of the revoked partitions for a bounded
 * window and commits their contiguous prefix synchronously before the partitions are released.
 */
final class OffsetTracker {

  private static final Logger log = LoggerFactory.getLogger(OffsetTracker.class);

  private final Map<TopicPartition, PartitionOffsets> partitions = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> committedOffsets = new ConcurrentHashMap<>();
  private final Duration revokeDrainTimeout;
  private final int commitBatch;
  private final AtomicLong acksSinceCommit = new AtomicLong();
  /** The commit in flight, or null: one at a time, later requests join it. */
  private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Done>> inFlightCommit =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  /**
   * Per partition this consumer owned before: the highest offset it emitted and where it would have
   * fetched next (Long.MAX_VALUE when unknown), to fence off stale copies if the partition comes back.
   */
  private final Map<TopicPartition, long[]> previousAssignments = new ConcurrentHashMap<>();
  /** Set when the consumer stops: the revocation that closing triggers then waits for nothing. */
  private volatile boolean stopping;
  /** Told the commit latencies and assignment changes (the runner's meters), or null. */
  private volatile Observer observer;

  /** What the meters want to know of commits and assignments; called on the consumer's threads. */
  interface Observer {
    /** A commit completed (or failed) {@code nanos} after it was sent. */
    void committed(long nanos, boolean ok);

    /** The owned partitions changed. */
    void assignmentChanged();
  }

  OffsetTracker(Duration revokeDrainTimeout, int commitBatch) {
    this.revokeDrainTimeout = revokeDrainTimeout;
    this.commitBatch = commitBatch;
  }

  // ---- assignment (called on the consumer actor's thread, inside poll) ----

  void assigned(Set<TopicPartition> assigned, RestrictedConsumer consumer) {
    for (TopicPartition tp : assigned) {
      PartitionOffsets fresh = new PartitionOffsets(tp);
      long[] before = previousAssignments.remove(tp);
      if (before != null) {
        long position = positionOf(consumer, tp);
        if (position >= 0 && position <= before[0]) {
          fresh.fenceStale(before[0], before[1]);
          log.info("{} is back: fetching again from {}, dropping stale copies above {} until then", tp, position,
              before[0]);
        }
      }
      PartitionOffsets previous = partitions.put(tp, fresh);
      if (previous != null) {
        previous.retire();
      }
    }
    log.info("assigned partitions {}", new TreeMap<>(toNames(assigned)).keySet());
    assignmentChanged();
  }

  void observe(Observer o) {
    observer = o;
  }

  private void assignmentChanged() {
    Observer o = observer;
    if (o != null) {
      o.assignmentChanged();
    }
  }

  private void commitTook(long startNanos, boolean ok) {
    Observer o = observer;
    if (o != null) {
      o.committed(System.nanoTime() - startNanos, ok);
    }
  }

  /**
   * Drains and commits the revoked partitions, then releases them: started messages get up to the
   * drain window; their contiguous done prefix is committed with {@code commitSync}.
   */
  void revoked(Set<TopicPartition> revoked, RestrictedConsumer consumer) {
    // On a stop the drain already happened (or was cut short on purpose): do not wait again.
    long deadline = System.nanoTime() + (stopping ? 0 : revokeDrainTimeout.toNanos());
    Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    for (TopicPartition tp : revoked) {
      PartitionOffsets p = partitions.get(tp);
      if (p == null) {
        continue;
      }
      int stillRunning;
      try {
        stillRunning = p.withdrawAndAwait(Math.max(0, deadline - System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stillRunning = p.startedOffsets().length;
      }
      if (stillRunning > 0) {
        log.warn("revoking {}: gave up on {} unfinished messages after the {} drain window: {}",
            tp, stillRunning, revokeDrainTimeout, java.util.Arrays.toString(p.startedOffsets()));
      }
      long offset = p.syncCommitCandidate();
      if (offset >= 0) {
        toCommit.put(tp, new OffsetAndMetadata(offset));
      }
    }
    commitSync(toCommit, consumer, "revocation");
    for (TopicPartition tp : revoked) {
      PartitionOffsets p = partitions.remove(tp);
      if (p != null) {
        p.retire();
        remember(p, positionOf(consumer, tp));
      }
    }
    log.info("revoked partitions {}", new TreeMap<>(toNames(revoked)).keySet());
    assignmentChanged();
  }

  /** Partitions lost without a chance to commit (the group moved on): just forget them. */
  void lost(Set<TopicPartition> lost) {
    for (TopicPartition tp : lost) {
      PartitionOffsets p = partitions.remove(tp);
      if (p != null) {
        p.retire();
        remember(p, -1);
      }
    }
    log.warn("lost partitions {} (no commit possible)", new TreeMap<>(toNames(lost)).keySet());
    assignmentChanged();
  }

  /** The consumer is stopping: commit what is safe, synchronously, while it still owns the partitions. */
  void stopped(Set<TopicPartition> owned, RestrictedConsumer consumer) {
    stopping = true;
    Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    for (TopicPartition tp : owned) {
      PartitionOffsets p = partitions.get(tp);
      if (p != null) {
        long offset = p.syncCommitCandidate();
        if (offset >= 0) {
          toCommit.put(tp, new OffsetAndMetadata(offset));
        }
      }
    }
    commitSync(toCommit, consumer, "stop");
  }

  private void remember(PartitionOffsets p, long fetchPosition) {
    long last = p.lastHandedOut();
    if (last >= 0) {
      previousAssignments.put(p.partition, new long[] {last, fetchPosition >= 0 ? fetchPosition : Long.MAX_VALUE});
    }
  }

  /** The consumer's fetch position of {@code tp}, or -1 when it cannot tell. */
  private static long positionOf(RestrictedConsumer consumer, TopicPartition tp) {
    try {
      return consumer.position(tp);
    } catch (RuntimeException e) {
      log.debug("no position for {}: {}", tp, e.toString());
      return -1;
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit, RestrictedConsumer consumer,
      String why) {
    if (toCommit.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      consumer.commitSync(toCommit);
      commitTook(start, true);
      toCommit.forEach((tp, om) -> {
        PartitionOffsets p = partitions.get(tp);
        if (p != null) {
          p.committed(om.offset());
        }
        committedOffsets.merge(tp, om.offset(), Math::max);
      });
      commits.incrementAndGet();
      log.info("committed on {}: {}", why, describe(toCommit));
    } catch (RuntimeException e) {
      commitTook(start, false);
      log.warn("commit on {} failed ({}); those messages will be processed again by the next owner",
          why, e.toString());
    }
  }

  // ---- per message (stream and handler threads) ----

  /** Registers an emitted record; returns its acknowledgement, or null when it must be dropped. */
  Acknowledgement register(TopicPartition tp, long offset, CommittableOffset committable) {
    PartitionOffsets p = partitions.get(tp);
    if (p == null || !p.register(offset, committable)) {
      return null;
    }
    return new RecordAck(p, offset);
  }

  /** The acknowledgement handle of one record. */
  private final class RecordAck implements Acknowledgement {
    private final PartitionOffsets partition;
    private final long offset;

    RecordAck(PartitionOffsets partition, long offset) {
      this.partition = partition;
      this.offset = offset;
    }

    @Override
    public void ack() {
      if (partition.complete(offset)) {
        acknowledged.incrementAndGet();
        // While a commit is in flight the count keeps growing; do not join it on every ack.
        if (acksSinceCommit.incrementAndGet() >= commitBatch && inFlightCommit.get() == null) {
          commitAsync();
        }
      }
    }

    @Override
    public boolean begin() {
      return partition.begin(offset);
    }
  }

  // ---- batched commits through the consumer actor ----

  /**
   * Commits the current safe point of every owned partition that moved, unless a commit is in
   * flight. Completes when that commit completed (or at once when there was nothing to commit).
   */
  CompletionStage<Done> commitAsync() {
    CompletableFuture<Done> mine = new CompletableFuture<>();
    CompletableFuture<Done> current = inFlightCommit.compareAndExchange(null, mine);
    if (current != null) {
      return current;
    }
    acksSinceCommit.set(0);
    List<CommittableOffset> batch = new ArrayList<>();
    for (PartitionOffsets p : partitions.values()) {
      CommittableOffset c = p.commitCandidate();
      if (c != null) {
        batch.add(c);
      }
    }
    if (batch.isEmpty()) {
      inFlightCommit.set(null);
      mine.complete(Done.getInstance());
      return mine;
    }
    // whenCompleteAsync inline: Pekko's stage would run whenComplete on a new thread per commit on 2 cores
    long start = System.nanoTime();
    ConsumerMessage.createCommittableOffsetBatch(batch).commitJavadsl()
        .whenCompleteAsync((done, error) -> {
          commitTook(start, error == null);
          try {
            onCommitted(batch, error);
          } finally {
            inFlightCommit.set(null);
            if (error == null) {
              mine.complete(Done.getInstance());
            } else {
              mine.completeExceptionally(error);
            }
          }
        }, Runnable::run);
    return mine;
  }

  private void onCommitted(List<CommittableOffset> batch, Throwable error) {
          if (error != null) {
            log.warn("commit failed ({}); retrying with the next batch", error.toString());
            return;
          }
          commits.incrementAndGet();
          for (CommittableOffset c : batch) {
            ConsumerMessage.PartitionOffset po = c.partitionOffset();
            TopicPartition tp = new TopicPartition(po.key().topic(), po.key().partition());
            long next = po.offset() + 1;
            PartitionOffsets p = partitions.get(tp);
            if (p != null) {
              p.committed(next);
            }
            committedOffsets.merge(tp, next, Math::max);
          }
  }

  /**
   * Commits until nothing is left to commit (used at shutdown, after the drain): joins a commit in
   * flight, then commits what it did not cover; gives up after a few failed rounds.
   */
  CompletionStage<Done> commitAll() {
    return commitAll(5);
  }

  private CompletionStage<Done> commitAll(int roundsLeft) {
    return commitAsync().handle((done, error) -> error).thenCompose(error -> {
      boolean pending = partitions.values().stream().anyMatch(p -> p.commitCandidate() != null);
      if (!pending) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      if (roundsLeft <= 1) {
        return CompletableFuture.failedFuture(error != null ? error
            : new IllegalStateException("offsets still uncommitted after several commit rounds"));
      }
      return commitAll(roundsLeft - 1);
    });
  }

  // ---- observations ----

  /** @return the last offset committed per partition by this consumer (next offset to consume) */
  Map<TopicPartition, Long> committedOffsets() {
    return Map.copyOf(committedOffsets);
  }

  /** @return messages emitted and not yet acknowledged, over all owned partitions */
  int open() {
    int n = 0;
    for (PartitionOffsets p : partitions.values()) {
      n += p.open();
    }
    return n;
  }

  /** @return started, unfinished offsets per owned partition (for shutdown reports) */
  Map<TopicPartition, long[]> started() {
    Map<TopicPartition, long[]> result = new HashMap<>();
    for (PartitionOffsets p : partitions.values()) {
      long[] s = p.startedOffsets();
      if (s.length > 0) {
        result.put(p.partition, s);
      }
    }
    return result;
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long commits() {
    return commits.get();
  }

  /** @return the highest offset of an owned partition handed out in this assignment, or -1 */
  long lastHandedOut(TopicPartition tp) {
    PartitionOffsets p = partitions.get(tp);
    return p == null ? -1 : p.lastHandedOut();
  }

  Set<TopicPartition> owned() {
    return Set.copyOf(partitions.keySet());
  }

  /**
   * The lag of an owned partition from what this consumer knows: {@code recordsLag} (the client's end
   * offset minus its fetch position) plus what was fetched and handed out past the commit point.
   *
   * @return the lag, or NaN when the partition is not owned or nothing is known yet
   */
  double lag(TopicPartition tp, double recordsLag) {
    PartitionOffsets p = partitions.get(tp);
    if (p == null) {
      return Double.NaN;
    }
    long handedOut = p.lastHandedOut();
    long committed = p.committedOrFirst();
    if (handedOut < 0 || committed < 0) {
      return recordsLag; // nothing handed out yet: the fetch position is the committed offset
    }
    return Math.max(0, handedOut + 1 - committed) + (Double.isNaN(recordsLag) ? 0 : recordsLag);
  }

  private static Map<String, TopicPartition> toNames(Set<TopicPartition> tps) {
    Map<String, TopicPartition> m = new HashMap<>();
    for (TopicPartition tp : tps) {
      m.put(tp.toString(), tp);
    }
    return m;
  }

  private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<String, Long> m = new TreeMap<>();
    offsets.forEach((tp, om) -> m.put(tp.toString(), om.offset()));
    return m.toString();
  }
}
