package io.tributary.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a stuck fetch from a busy runner, per partition: a partition is stuck when the client knows records
 * past its fetch position ({@code records-lag} above zero), the runner holds nothing of any partition (so it
 * is not backpressure: the lanes report that themselves), and nothing new was handed out for the stuck-after
 * limit. Time runs from the first check that saw the partition so; a WARN line names it once when it
 * becomes stuck and once when it fetches again. Lag the client has not fetched yet (records written after
 * its last fetch) is not seen here.
 */
final class FetchWatch {

  private static final Logger log = LoggerFactory.getLogger(FetchWatch.class);

  /**
   * One partition's fetch as the consumer knows it now.
   *
   * @param handedOut the highest offset handed to the runner in this assignment, or -1
   * @param recordsLag the client's end offset minus fetch position, NaN when unknown
   */
  record Fetch(long handedOut, double recordsLag) {}

  /** What a partition had handed out when first seen waiting, since when, and whether it was reported. */
  private record Waiting(long handedOut, long sinceNanos, boolean reported) {}

  private final long stuckAfterNanos;
  private final Map<TopicPartition, Waiting> waiting = new HashMap<>(); // guarded by this

  FetchWatch(Duration stuckAfter) {
    this.stuckAfterNanos = stuckAfter.toNanos();
  }

  /**
   * @param nowNanos the time now ({@link System#nanoTime()})
   * @param runnerIdle whether the runner holds no message of any partition
   * @param fetches the owned partitions' fetches
   * @return a description per stuck partition, in partition order
   */
  synchronized List<String> check(long nowNanos, boolean runnerIdle, Map<TopicPartition, Fetch> fetches) {
    waiting.keySet().retainAll(fetches.keySet());
    List<String> stuck = new ArrayList<>();
    Map<TopicPartition, Fetch> ordered = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
    ordered.putAll(fetches);
    for (Map.Entry<TopicPartition, Fetch> e : ordered.entrySet()) {
      TopicPartition tp = e.getKey();
      Fetch fetch = e.getValue();
      Waiting seen = waiting.get(tp);
      boolean behind = runnerIdle && fetch.recordsLag() > 0;
      if (!behind || seen == null || seen.handedOut() != fetch.handedOut()) {
        if (seen != null && seen.reported()) {
          log.warn("partition {} fetches again (handed out up to offset {})", tp, fetch.handedOut());
        }
        if (behind) {
          waiting.put(tp, new Waiting(fetch.handedOut(), nowNanos, false));
        } else {
          waiting.remove(tp);
        }
        continue;
      }
      long waited = nowNanos - seen.sinceNanos();
      if (waited >= stuckAfterNanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(waited);
        stuck.add(tp + ": " + (long) fetch.recordsLag() + " behind, no fetch progress for " + seconds + " s");
        if (!seen.reported()) {
          log.warn("partition {} is stuck: {} records behind its end offset and nothing fetched for {} s while "
              + "the runner is idle; is its leader available?", tp, (long) fetch.recordsLag(), seconds);
          waiting.put(tp, new Waiting(seen.handedOut(), seen.sinceNanos(), true));
        }
      }
    }
    return stuck;
  }
}
