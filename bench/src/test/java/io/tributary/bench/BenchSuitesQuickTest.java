package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every suite once in quick mode so that the benchmarks keep working. The numbers are never
 * asserted: only that the suite ends with a well-formed {@code BENCH <json>} line.
 *
 * <p>The two Kafka suites run on fewer records than their quick default ({@link #SMALLER}): every
 * contender still runs its whole pass, over several polls and commits per partition, to the end of
 * the topic, and the report is built the same way; only the count, which nothing here asserts, is
 * smaller. That keeps this smoke test under half a minute for each of them.
 */
class BenchSuitesQuickTest {

  /** Records per suite where the quick default takes long on a busy 2-core machine. */
  static final Map<String, String> SMALLER = Map.of("kafka", "20000", "parallel", "500");

  static Stream<String> suites() {
    return BenchMain.suites().stream();
  }

  @ParameterizedTest
  @MethodSource("suites")
  @Timeout(300)
  void suite_runs_in_quick_mode_and_ends_with_a_bench_line(String suite) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      List<String> args = new ArrayList<>(List.of(suite, "--quick"));
      if (SMALLER.containsKey(suite)) {
        args.addAll(List.of("--records", SMALLER.get(suite)));
      }
      code = BenchMain.run(args.toArray(String[]::new));
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    String last = lines.get(lines.size() - 1);
    assertThat(last).startsWith("BENCH {");
    JsonNode json = new ObjectMapper().readTree(last.substring("BENCH ".length()));
    assertThat(json.get("suite").asText()).isEqualTo(suite);
    assertThat(json.get("anchor").asText()).isNotBlank();
    assertThat(json.get("results")).isNotEmpty();
    if (SMALLER.containsKey(suite)) {
      assertThat(text).as("the smaller run took effect").contains(String.format(java.util.Locale.ROOT, "%,d records",
          Long.parseLong(SMALLER.get(suite))));
    }
    for (JsonNode result : json.get("results")) {
      assertThat(result.has("name") && result.has("value") && result.has("unit") && result.has("ratio")).isTrue();
    }
  }
}
