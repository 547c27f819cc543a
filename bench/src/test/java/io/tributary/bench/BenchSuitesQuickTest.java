package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every suite once in quick mode so that the benchmarks keep working. The numbers are never
 * asserted: only that the suite ends with a well-formed {@code BENCH <json>} line.
 */
class BenchSuitesQuickTest {

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
      code = BenchMain.run(new String[] {suite, "--quick"});
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
    for (JsonNode result : json.get("results")) {
      assertThat(result.has("name") && result.has("value") && result.has("unit") && result.has("ratio")).isTrue();
    }
  }
}
