package io.tributary.connectors.nats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often this source saw each JetStream message it has not acknowledged yet, so that the
 * max-deliver limit holds even where the server's own count does not: a delivery to a pull request
 * that expired meanwhile can be taken back by the server, and a later delivery then carries a count
 * seen before (observed here: counts 1, 3, 1, 7 for one message). The delivered count of a message
 * is the larger of the server's and this source's. Bounded: past {@link #CAPACITY} messages the
 * oldest entry is dropped and its message falls back to the server's count. Thread-safe.
 */
final class DeliveryCounts {

  /** Far above a consumer's default of 1,000 unacknowledged messages. */
  static final int CAPACITY = 65_536;

  private final Map<Long, Long> seen = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
      return size() > CAPACITY;
    }
  };

  /** Records one more delivery of a message; returns its delivered count, this delivery included. */
  synchronized long delivered(long streamSequence, long serverCount) {
    long own = seen.merge(streamSequence, 1L, Long::sum);
    return Math.max(own, serverCount);
  }

  /** Forgets an acknowledged message: it is never delivered again. */
  synchronized void acknowledged(long streamSequence) {
    seen.remove(streamSequence);
  }

  synchronized int size() {
    return seen.size();
  }
}
