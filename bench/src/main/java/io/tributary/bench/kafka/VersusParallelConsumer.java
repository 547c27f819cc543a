package io.tributary.bench.kafka;

import io.tributary.bench.BenchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of issue 17: one per workload and contender, named {@code <workload>/<contender>} (e.g.
 * {@code keys-100/parallel-consumer}), whose ratio is the value over Confluent Parallel Consumer's
 * value in the same workload and metric ({@code parallel-consumer} itself 1.0), the library a user
 * would pick instead. For rates, above 1 means faster than PC; for latencies, CPU time and heap,
 * below 1 means less than PC. Without a PC value there are no rows.
 */
final class VersusParallelConsumer {

  /** The contender every issue-17 row is compared with. */
  static final String PC = "parallel-consumer";

  private VersusParallelConsumer() {}

  /**
   * @param values by contender, in row order ({@code plain-loop}, {@code pekko-source}, {@code
   *     tributary}, {@code parallel-consumer} as measured)
   * @param notes by contender, may miss some
   */
  static List<BenchResult> rows(String workload, Map<String, Object> configuration, String unit,
      Map<String, Double> values, Map<String, String> notes) {
    Double pc = values.get(PC);
    List<BenchResult> rows = new ArrayList<>();
    if (pc == null || Double.isNaN(pc)) {
      return rows;
    }
    values.forEach((contender, value) -> rows.add(new BenchResult(workload + "/" + contender, configuration,
        value, unit, value / pc, notes.getOrDefault(contender, ""))));
    return rows;
  }
}
