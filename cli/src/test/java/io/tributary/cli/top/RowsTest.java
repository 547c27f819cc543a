package io.tributary.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Two scrapes to rows: rates from counter deltas, Kafka lag summed per runner, hub subscribers, pipeline
 * components, health merged into each row, and the plain lines and ANSI screen that show them.
 */
class RowsTest {

  private static final String RUNNER = "kafka-consumer[orders/billing]";
  private static final Instant AT = Instant.parse("2025-06-01T12:00:01.250Z");

  private static String metrics(int received, int acknowledged, int published, int delivered, int pipelineIn) {
    String r = "{protocol=\"kafka\",runner=\"" + RUNNER + "\"}";
    return """
        # TYPE tributary_runner_received_total counter
        tributary_runner_received_total%1$s %2$d.0
        tributary_runner_acknowledged_total%1$s %3$d.0
        tributary_runner_in_flight%1$s 4.0
        tributary_kafka_consumer_lag{partition="0",protocol="kafka",runner="%4$s",topic="orders"} 5.0
        tributary_kafka_consumer_lag{partition="1",protocol="kafka",runner="%4$s",topic="orders"} 7.0
        tributary_kafka_consumer_lag{partition="2",protocol="kafka",runner="%4$s",topic="orders"} NaN
        tributary_runner_in_flight{protocol="amqp",runner="amqp-consumer[jobs]"} 0.0
        tributary_hub_published_total{hub="events",topic="prices"} %5$d.0
        tributary_hub_subscribers{hub="events",topic="prices"} 1.0
        tributary_hub_delivered_total{hub="events",subscriber="/user/printer",topic="prices"} %6$d.0
        tributary_hub_lag{hub="events",subscriber="/user/printer",topic="prices"} 3.0
        tributary_pipeline_received_total{pipeline="logs"} %7$d.0
        tributary_pipeline_acknowledged_total{pipeline="logs"} %7$d.0
        tributary_pipeline_in_flight{pipeline="logs"} 2.0
        tributary_pipeline_component_events_in_total{component="to_file",kind="sink",pipeline="logs"} %7$d.0
        tributary_pipeline_component_events_in_total{component="parse",kind="transform",pipeline="logs"} %7$d.0
        tributary_pipeline_component_events_out_total{component="parse",kind="transform",pipeline="logs"} %7$d.0
        tributary_pipeline_component_events_out_total{component="in",kind="source",pipeline="logs"} %7$d.0
        tributary_pipeline_component_events_in_total{component="in",kind="source",pipeline="logs"} 0.0
        tributary_pipeline_component_events_out_total{component="to_file",kind="sink",pipeline="logs"} 0.0
        jvm_threads_live_threads 42.0
        """.formatted(r, received, acknowledged, RUNNER, published, delivered, pipelineIn);
  }

  private static final String HEALTH = """
      {"status":"DOWN","stopping":false,"components":[
       {"component":"kafka-consumer[orders/billing] connection","status":"UP"},
       {"component":"kafka-consumer[orders/billing]","status":"DOWN",
        "reason":"1 lane stuck: key=k7, orders/3@1234 without progress for 31 s",
        "details":{"handler":"Billing","busyLanes":3,"stuckLanes":1,"slowLanes":1,
         "stuck":[{"lane":"key=k7","kind":"key","key":"k7","source":"orders","partition":3,"offset":1234,
                   "state":"running","attempt":1,"backlog":12,"noProgressMs":31400,"inFlightMs":31400,
                   "stuckForMs":1400,"handler":"Billing","runner":"kafka-consumer[orders/billing]"}],
         "slow":[{"lane":"key=k2","kind":"key","key":"k2","source":"orders","partition":1,"offset":55,
                  "state":"running","attempt":1,"backlog":0,"noProgressMs":6100,"inFlightMs":6100}]}},
       {"component":"amqp-consumer[jobs] connection","status":"DOWN","reason":"channel recovering"},
       {"component":"cluster membership","status":"UP"}]}
      """;

  private static Snapshot snapshot(long nanos, String metrics, Optional<Readiness> readiness) {
    return new Snapshot(AT, nanos, PrometheusText.parse(metrics), readiness);
  }

  private static Frame frame() {
    Snapshot before = snapshot(1_000_000_000L, metrics(100, 90, 1000, 990, 10), Optional.empty());
    Snapshot after = snapshot(3_000_000_000L, metrics(340, 326, 1100, 1086, 30),
        Optional.of(Readiness.parse(HEALTH)));
    return Rows.frame("http://127.0.0.1:9464", before, after);
  }

  private static Row row(Frame frame, String component) {
    return frame.rows().stream().filter(r -> r.component().equals(component)).findFirst().orElseThrow();
  }

  @Test
  void rates_are_counter_deltas_per_second_and_lag_is_summed_per_runner() {
    Row runner = row(frame(), RUNNER);
    assertThat(runner.kind()).isEqualTo("kafka");
    assertThat(runner.in()).isEqualTo(OptionalDouble.of(120.0)); // (340 - 100) / 2 s
    assertThat(runner.out()).isEqualTo(OptionalDouble.of(118.0));
    assertThat(runner.inFlight()).isEqualTo(OptionalLong.of(4));
    assertThat(runner.lag()).isEqualTo(OptionalLong.of(12));
    // the lanes' entry is DOWN, the connection UP: the worst wins, with its stuck lane
    assertThat(runner.status()).isEqualTo("DOWN");
    assertThat(runner.stuckCount()).isEqualTo(1);
    assertThat(runner.stuck()).singleElement().isEqualTo(new Lane("key=k7", "orders/3@1234", "running", 1, 12,
        Duration.ofMillis(31_400), Duration.ofMillis(31_400)));
    assertThat(runner.slow()).extracting(Lane::name).containsExactly("key=k2");
  }

  @Test
  void rows_come_in_order_runners_hubs_pipelines_then_other_health_entries() {
    assertThat(frame().rows()).extracting(Row::component, Row::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("amqp-consumer[jobs]", "amqp"),
        org.assertj.core.groups.Tuple.tuple(RUNNER, "kafka"),
        org.assertj.core.groups.Tuple.tuple("hub[events/prices]", "hub"),
        org.assertj.core.groups.Tuple.tuple("hub[events/prices]:/user/printer", "subscriber"),
        org.assertj.core.groups.Tuple.tuple("pipeline[logs]", "pipeline"),
        org.assertj.core.groups.Tuple.tuple("pipeline[logs]:in", "source"),
        org.assertj.core.groups.Tuple.tuple("pipeline[logs]:parse", "transform"),
        org.assertj.core.groups.Tuple.tuple("pipeline[logs]:to_file", "sink"),
        org.assertj.core.groups.Tuple.tuple("cluster membership", "health"));
  }

  @Test
  void plain_lines_are_one_per_component_with_a_stable_format() {
    assertThat(PlainView.lines(frame())).containsExactly(
        "top: 2025-06-01T12:00:01Z process status=DOWN stopping=false",
        "top: 2025-06-01T12:00:01Z amqp-consumer[jobs] in=- out=- inflight=0 lag=- status=DOWN"
            + " reason=\"channel recovering\"",
        "top: 2025-06-01T12:00:01Z kafka-consumer[orders/billing] in=120.0/s out=118.0/s inflight=4 lag=12"
            + " status=DOWN stuck=key=k7@orders/3@1234:31s"
            + " reason=\"1 lane stuck: key=k7, orders/3@1234 without progress for 31 s\"",
        "top: 2025-06-01T12:00:01Z hub[events/prices] in=50.0/s out=- inflight=- lag=- status=-",
        "top: 2025-06-01T12:00:01Z hub[events/prices]:/user/printer in=50.0/s out=48.0/s inflight=- lag=3"
            + " status=-",
        "top: 2025-06-01T12:00:01Z pipeline[logs] in=10.0/s out=10.0/s inflight=2 lag=- status=-",
        "top: 2025-06-01T12:00:01Z pipeline[logs]:in in=- out=10.0/s inflight=- lag=- status=-",
        "top: 2025-06-01T12:00:01Z pipeline[logs]:parse in=10.0/s out=10.0/s inflight=- lag=- status=-",
        "top: 2025-06-01T12:00:01Z pipeline[logs]:to_file in=10.0/s out=- inflight=- lag=- status=-",
        "top: 2025-06-01T12:00:01Z cluster_membership in=- out=- inflight=- lag=- status=UP");
  }

  @Test
  void the_first_refresh_has_no_rates_and_a_restarted_counter_counts_from_zero() {
    Snapshot first = snapshot(0, metrics(100, 90, 0, 0, 0), Optional.empty());
    assertThat(row(Rows.frame("u", null, first), RUNNER).in()).isEmpty();
    Snapshot restarted = snapshot(2_000_000_000L, metrics(30, 20, 0, 0, 0), Optional.empty());
    assertThat(row(Rows.frame("u", first, restarted), RUNNER).in()).isEqualTo(OptionalDouble.of(15.0));
  }

  @Test
  void the_ansi_screen_highlights_stuck_lanes_in_bold_red() {
    List<String> screen = AnsiView.screen(frame(), null, Duration.ofSeconds(1), 120);
    assertThat(screen.get(0)).contains("http://127.0.0.1:9464").contains("ready: " + AnsiView.RED_BOLD + "DOWN");
    assertThat(screen).anySatisfy(line -> assertThat(line).startsWith(RUNNER).contains("120.0").contains("118.0")
        .endsWith(AnsiView.RED_BOLD + "DOWN" + AnsiView.RESET));
    assertThat(screen).contains(AnsiView.RED_BOLD + "  stuck key=k7 at orders/3@1234: no progress for 31 s,"
        + " running (attempt 1, in flight for 31 s), 12 waiting behind it" + AnsiView.RESET);
    assertThat(screen).anySatisfy(line -> assertThat(line).startsWith(AnsiView.YELLOW + "  slow  key=k2"));
    assertThat(screen).contains(AnsiView.RED_BOLD + "  channel recovering" + AnsiView.RESET);
  }
}
