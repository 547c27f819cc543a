package io.tributary.samples.demo;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's verification state, fed by its subscriber actors and read by the progress display
 * and the summary: events processed, distinct ids (so losses and duplicates show), and per-key
 * order violations. Thread-safe; it outlives subscriber restarts.
 */
public final class Tally {
  private final long expected;
  private final BitSet seen;
  private final LongAdder processed = new LongAdder();
  private final AtomicLong distinct = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong orderViolations = new AtomicLong();
  private final CompletableFuture<Void> allSeen = new CompletableFuture<>();

  /** @param expected the number of events the demo produced */
  public Tally(long expected) {
    this.expected = expected;
    this.seen = new BitSet((int) Math.min(Integer.MAX_VALUE, expected));
  }

  /** Counts one processed event; a second sighting of an id is a duplicate. */
  public void count(ProcessedEvent event) {
    processed.increment();
    boolean first;
    synchronized (seen) {
      first = !seen.get((int) event.id());
      seen.set((int) event.id());
    }
    if (first) {
      if (distinct.incrementAndGet() >= expected) {
        allSeen.complete(null);
      }
    } else {
      duplicates.incrementAndGet();
    }
  }

  /** Records a key whose events arrived out of sequence. */
  public void orderViolation() {
    orderViolations.incrementAndGet();
  }

  public long expected() {
    return expected;
  }

  public long processed() {
    return processed.sum();
  }

  public long distinct() {
    return distinct.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long orderViolations() {
    return orderViolations.get();
  }

  /** @return events never seen */
  public long lost() {
    return expected - distinct.get();
  }

  /** @return completes once every event was seen at least once */
  public CompletionStage<Void> whenAllSeen() {
    if (expected == 0) {
      allSeen.complete(null);
    }
    return allSeen;
  }

  /** @return whether every event was seen at least once */
  public boolean complete() {
    return distinct.get() >= expected;
  }
}
