package io.tributary.connectors.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** The parts of a Kafka runner's shutdown report: committed offsets and abandoned messages, by partition name. */
final class ShutdownReports {

  private ShutdownReports() {}

  /** @return {@code {topic-partition=offset, ...}}, in partition-name order */
  static Map<String, Long> committed(Map<TopicPartition, Long> offsets) {
    Map<String, Long> committed = new TreeMap<>();
    offsets.forEach((tp, offset) -> committed.put(tp.toString(), offset));
    return committed;
  }

  /** @return {@code topic-partition@offset} of each message a handler started and had not finished */
  static List<String> abandoned(Map<TopicPartition, long[]> started) {
    Map<String, long[]> byName = new TreeMap<>();
    started.forEach((tp, offsets) -> byName.put(tp.toString(), offsets));
    List<String> lost = new ArrayList<>();
    byName.forEach((tp, offsets) -> {
      for (long o : offsets) {
        lost.add(tp + "@" + o);
      }
    });
    return lost;
  }
}
