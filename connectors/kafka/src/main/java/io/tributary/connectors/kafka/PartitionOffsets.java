package io.tributary.connectors.kafka;

import java.util.Arrays;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.kafka.ConsumerMessage.CommittableOffset;

/**
 * The offsets of one assigned partition that this consumer handed downstream and has not yet
 * seen finished, in offset order: the commit point is the offset below the lowest one still open.
 * One instance per assignment: after the partition is revoked, the instance is retired and
 * ignores late acknowledgements, and a re-assignment starts a fresh one.
 *
 * <p>Each offset is REGISTERED when emitted, STARTED when a handler begins (see {@link
 * #begin(long)}), DONE when acknowledged, or ABANDONED when a revocation withdrew it before it
 * started. A revocation waits for STARTED offsets only.
 */
final class PartitionOffsets {

  private static final byte REGISTERED = 0;
  private static final byte STARTED = 1;
  private static final byte DONE = 2;
  private static final byte ABANDONED = 3;

  final TopicPartition partition;

  // A ring of open offsets, strictly increasing from head.
  private long[] offsets = new long[64];
  private CommittableOffset[] committables = new CommittableOffset[64];
  private byte[] states = new byte[64];
  private int head;
  private int size;

  /** Offsets below it were handed out already in this assignment: later copies are duplicates. */
  private long nextExpected = -1;
  /** The first offset handed out in this assignment (where the group's committed offset was), or -1. */
  private long firstHandedOut = -1;
  /** The offset to commit (next to consume), and the committable that commits it; -1 = nothing yet. */
  private long safeOffset = -1;
  private CommittableOffset safeCommittable;
  /** What was committed last (next offset to consume), -1 if nothing in this assignment. */
  private long committedOffset = -1;
  private int started;
  /** Open offsets not yet done (registered, started or abandoned). */
  private int pending;
  private boolean withdrawing;
  private boolean retired;
  /**
   * Stale-copy fence of a re-assignment (see {@link #fenceStale}): while set, offsets in
   * ({@code staleAbove}, {@code staleBelow}) are copies fetched under the previous assignment.
   */
  private boolean fenced;
  private long staleAbove;
  private long staleBelow;

  PartitionOffsets(TopicPartition partition) {
    this.partition = partition;
  }

  /**
   * Records an emitted offset. Returns false when the offset must not be emitted: the partition is
   * being revoked, or the offset was handed out already in this assignment (a re-fetched copy).
   */
  synchronized boolean register(long offset, CommittableOffset committable) {
    if (withdrawing || retired || offset < nextExpected) {
      return false;
    }
    if (fenced) {
      if (offset > staleAbove && offset < staleBelow) {
        return false; // fetched under the previous assignment; the fresh fetch delivers it again, in order
      }
      fenced = false; // the first record of the fresh fetch: everything after it is fresh too
    }
    if (nextExpected < 0) {
      firstHandedOut = offset;
    }
    nextExpected = offset + 1;
    if (size == offsets.length) {
      grow();
    }
    int slot = (head + size) & (offsets.length - 1);
    offsets[slot] = offset;
    committables[slot] = committable;
    states[slot] = REGISTERED;
    size++;
    pending++;
    return true;
  }

  /**
   * This partition was ours before and comes back (a rebalance revoked or lost it and gave it back),
   * with the consumer fetching again from an offset at or below {@code lastHandedOut}, the highest
   * offset the previous assignment emitted. Records the previous assignment fetched but had not
   * emitted yet may still arrive (Pekko drops them from its buffer asynchronously); they carry
   * offsets above {@code lastHandedOut}, and registering one would move {@code nextExpected} past
   * the fresh copies of the offsets below it, which would then be dropped as duplicates and
   * committed past: lost. So until the fresh fetch's first record arrives, offsets above {@code
   * lastHandedOut} and below {@code fetchPosition} (where the previous assignment would have
   * fetched next; above it nothing can be stale) are dropped; their fresh copies follow in order.
   */
  synchronized void fenceStale(long lastHandedOut, long fetchPosition) {
    if (nextExpected < 0) {
      fenced = true;
      staleAbove = lastHandedOut;
      staleBelow = fetchPosition;
    }
  }

  /** @return the highest offset emitted in this assignment, or -1 */
  synchronized long lastHandedOut() {
    return nextExpected - 1;
  }

  /** A handler is about to start: false when the partition is being revoked (the offset is abandoned). */
  synchronized boolean begin(long offset) {
    int slot = find(offset);
    if (slot < 0) {
      return false;
    }
    if (withdrawing || retired) {
      if (states[slot] == REGISTERED) {
        states[slot] = ABANDONED;
      }
      return false;
    }
    if (states[slot] == REGISTERED) {
      states[slot] = STARTED;
      started++;
    }
    return true;
  }

  /** The offset is done; advances the commit point over the contiguous done prefix. */
  synchronized boolean complete(long offset) {
    if (retired) {
      return false;
    }
    int slot = find(offset);
    if (slot < 0 || states[slot] == DONE) {
      return false;
    }
    if (states[slot] == STARTED) {
      started--;
      if (started == 0 && withdrawing) {
        notifyAll();
      }
    }
    states[slot] = DONE;
    pending--;
    forgetInteriorCommittables(slot);
    while (size > 0 && states[head] == DONE) {
      safeOffset = offsets[head] + 1;
      safeCommittable = committables[head];
      committables[head] = null;
      head = (head + 1) & (offsets.length - 1);
      size--;
    }
    return true;
  }

  /**
   * A done offset's committable is only needed if the done run it belongs to ends there: drop it
   * when its successor is done too, so a stuck head costs a few bytes per later offset, not an object.
   */
  private void forgetInteriorCommittables(int slot) {
    int mask = offsets.length - 1;
    int index = (slot - head) & mask;
    if (index + 1 < size && states[(slot + 1) & mask] == DONE) {
      committables[slot] = null;
    }
    if (index > 0 && states[(slot - 1) & mask] == DONE) {
      committables[(slot - 1) & mask] = null;
    }
  }

  /** Binary search of the open ring for {@code offset}; -1 when absent. */
  private int find(long offset) {
    int lo = 0;
    int hi = size - 1;
    int mask = offsets.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long value = offsets[(head + mid) & mask];
      if (value < offset) {
        lo = mid + 1;
      } else if (value > offset) {
        hi = mid - 1;
      } else {
        return (head + mid) & mask;
      }
    }
    return -1;
  }

  private void grow() {
    int n = offsets.length;
    long[] o = new long[n * 2];
    CommittableOffset[] c = new CommittableOffset[n * 2];
    byte[] s = new byte[n * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (n - 1);
      o[i] = offsets[from];
      c[i] = committables[from];
      s[i] = states[from];
    }
    offsets = o;
    committables = c;
    states = s;
    head = 0;
  }

  /** The committable to send now, if the commit point moved past the last commit; else null. */
  synchronized CommittableOffset commitCandidate() {
    return !retired && safeOffset > committedOffset ? safeCommittable : null;
  }

  /** The commit point to commit synchronously now, or -1 when there is nothing new. */
  synchronized long syncCommitCandidate() {
    return safeOffset > committedOffset ? safeOffset : -1;
  }

  /**
   * @return the end of the contiguous done prefix (the next offset after it), whatever was committed, or -1
   *     before the first offset was done; the transactional runner sends results below it
   */
  synchronized long safeOffset() {
    return safeOffset;
  }

  /** @return whether this assignment ended (late acknowledgements are ignored) */
  synchronized boolean isRetired() {
    return retired;
  }

  /** Records a successful commit of {@code offset} (next offset to consume). */
  synchronized void committed(long offset) {
    if (offset > committedOffset) {
      committedOffset = offset;
    }
  }

  synchronized long committedOffset() {
    return committedOffset;
  }

  /**
   * @return the offset a restart would consume from: the one committed last in this assignment, else the
   *     first one handed out (the group's committed offset then), or -1 before anything arrived
   */
  synchronized long committedOrFirst() {
    return committedOffset >= 0 ? committedOffset : firstHandedOut;
  }

  /**
   * Starts a revocation: no more registrations or starts. Waits up to {@code timeoutNanos} for
   * the started offsets to finish; returns how many were still running at the deadline.
   */
  synchronized int withdrawAndAwait(long timeoutNanos) throws InterruptedException {
    withdrawing = true;
    long deadline = System.nanoTime() + timeoutNanos;
    while (started > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return started;
  }

  /** Ends this assignment: late acknowledgements are ignored from now on. */
  synchronized void retire() {
    retired = true;
    withdrawing = true;
    Arrays.fill(committables, null);
    notifyAll();
  }

  /** @return offsets handed out and not yet done (registered, started or abandoned) */
  synchronized int open() {
    return pending;
  }

  /** @return the offsets a handler is running for (started, not done) */
  synchronized long[] startedOffsets() {
    long[] result = new long[started];
    int n = 0;
    for (int i = 0; i < size && n < started; i++) {
      int slot = (head + i) & (offsets.length - 1);
      if (states[slot] == STARTED) {
        result[n++] = offsets[slot];
      }
    }
    return result;
  }
}
