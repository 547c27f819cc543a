package io.tributary.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small Prometheus text parser of {@code top}, on the lines Micrometer writes and a few it might. */
class PrometheusTextTest {

  private static final String TEXT = """
      # HELP tributary_runner_received_total messages the processing runner took in
      # TYPE tributary_runner_received_total counter
      tributary_runner_received_total{protocol="kafka",runner="kafka-consumer[orders/billing]"} 201.0
      tributary_runner_in_flight{protocol="kafka",runner="kafka-consumer[orders/billing]",} 3.0

      process_uptime_seconds 12.5
      tributary_runner_handler_duration_seconds_bucket{le="+Inf",runner="r"} 203
      odd_value{ a = "x" , b="quote \\" backslash \\\\ newline \\n end"} NaN 1712345678000
      jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1 Evacuation Pause"} -Inf\r
      """;

  @Test
  void parses_names_labels_values_and_skips_comments() {
    List<Sample> samples = PrometheusText.parse(TEXT);
    assertThat(samples).hasSize(6);
    assertThat(samples.get(0)).isEqualTo(new Sample("tributary_runner_received_total",
        Map.of("protocol", "kafka", "runner", "kafka-consumer[orders/billing]"), 201.0));
    assertThat(samples.get(1).label("runner")).isEqualTo("kafka-consumer[orders/billing]");
    assertThat(samples.get(1).value()).isEqualTo(3.0);
    assertThat(samples.get(2)).isEqualTo(new Sample("process_uptime_seconds", Map.of(), 12.5));
    assertThat(samples.get(3).label("le")).isEqualTo("+Inf");
    assertThat(samples.get(4).labels()).containsEntry("a", "x")
        .containsEntry("b", "quote \" backslash \\ newline \n end");
    assertThat(samples.get(4).value()).isNaN();
    assertThat(samples.get(5).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(5).label("action")).isEqualTo("end of minor GC");
  }

  @Test
  void a_line_that_is_not_a_sample_is_named_with_its_line_number() {
    assertThatThrownBy(() -> PrometheusText.parse("ok 1\n<html><body>Not Found</body></html>\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 2, column 1: expected a metric name in: <html>");
    assertThatThrownBy(() -> PrometheusText.parse("m{a=\"x} 1"))
        .hasMessageContaining("line 1").hasMessageContaining("closing '\"'");
    assertThatThrownBy(() -> PrometheusText.parse("m{a=\"x\"} one"))
        .hasMessageContaining("a number, NaN, +Inf or -Inf as the value, not 'one'");
    assertThatThrownBy(() -> PrometheusText.parse("m{a=\"x\"}"))
        .hasMessageContaining("expected a value");
  }
}
