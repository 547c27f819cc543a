package io.tributary.bench.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** Small helpers over per-partition offsets. */
final class Offsets {

  private Offsets() {}

  /** @return the partitions that hold records (end offset above 0): the ones a consumer commits */
  static Map<TopicPartition, Long> nonEmpty(Map<TopicPartition, Long> endOffsets) {
    Map<TopicPartition, Long> m = new HashMap<>();
    endOffsets.forEach((tp, end) -> {
      if (end > 0) {
        m.put(tp, end);
      }
    });
    return m;
  }

  /** @return the offsets by partition name, sorted, for messages */
  static Map<String, Long> names(Map<TopicPartition, Long> offsets) {
    Map<String, Long> m = new TreeMap<>();
    offsets.forEach((tp, o) -> m.put(tp.toString(), o));
    return m;
  }
}
