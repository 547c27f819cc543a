package io.tributary.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17's rows: names {@code <workload>/<contender>}, ratios to Parallel Consumer, kept by the report. */
class VersusParallelConsumerTest {

  @Test
  void rows_are_named_by_workload_and_contender_with_ratios_to_parallel_consumer() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("tributary", 12_000.0);
    values.put("parallel-consumer", 8_000.0);

    List<BenchResult> rows = VersusParallelConsumer.rows("keys-100", Map.of("keys", 100), "records/s", values,
        Map.of("tributary", "max in flight 64"));

    assertThat(rows).extracting(BenchResult::name).containsExactly("keys-100/tributary", "keys-100/parallel-consumer");
    assertThat(rows.get(0).ratio()).isCloseTo(1.5, within(1e-9));
    assertThat(rows.get(1).ratio()).isCloseTo(1.0, within(1e-9));
    assertThat(rows.get(0).note()).isEqualTo("max in flight 64");
    assertThat(rows.get(0).configuration()).containsEntry("keys", 100);
  }

  @Test
  void without_a_parallel_consumer_value_there_are_no_rows() {
    assertThat(VersusParallelConsumer.rows("noop", Map.of(), "records/s", Map.of("tributary", 1.0), Map.of()))
        .isEmpty();
  }

  @Test
  void the_report_keeps_ratios_set_by_the_suite_and_computes_the_others_to_the_anchor() {
    List<BenchResult> results = new ArrayList<>();
    results.add(BenchResult.of("plain-consumer", Map.of(), 1_000_000, "records/s", ""));
    results.add(BenchResult.of("tributary-runner-per-key", Map.of(), 600_000, "records/s", ""));
    results.addAll(VersusParallelConsumer.rows("latency-p99", Map.of(), "ms",
        new LinkedHashMap<>(Map.of("parallel-consumer", 4.0)), Map.of()));
    results.addAll(VersusParallelConsumer.rows("cpu", Map.of("metric", "cpu"), "us/record",
        new LinkedHashMap<>(Map.of("parallel-consumer", 27.0)), Map.of()));

    BenchReport report = new BenchReport("kafka", "plain-consumer", results, Map.of(), List.of());

    assertThat(report.results()).extracting(BenchResult::ratio).containsExactly(1.0, 0.6, 1.0, 1.0);
    assertThat(report.json()).contains("{\"name\":\"latency-p99/parallel-consumer\",\"value\":4.0,\"unit\":\"ms\","
        + "\"ratio\":1.0}");
  }
}
