package io.tributary.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FaultsMainTest {

  @Test
  void an_unknown_scenario_exits_2_listing_the_known_ones() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FaultsMain.run(new String[] {"--quick", "earthquake"}, new PrintStream(out, true),
        new PrintStream(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown scenario 'earthquake'")
        .contains("poison, consumer-kill, kafka-broker-kill, rabbitmq-restart, nats-restart");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void kafka_broker_partition_is_a_known_scenario() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = FaultsMain.run(new String[] {"--help"}, new PrintStream(out, true),
        new PrintStream(new ByteArrayOutputStream(), true));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("kafka-broker-partition");
    assertThat(Scenarios.NOT_BUILT).doesNotContain("kafka-broker-partition");
  }

  @Test
  void the_namespaced_childs_result_line_becomes_the_scenarios_row() {
    ScenarioResult r = new ScenarioResult("kafka-broker-partition", 3000, 0, 7, 0, 4321,
        java.util.Optional.empty());
    var parsed = KafkaBrokerPartitionScenario.parse(java.util.List.of("some log line",
        KafkaBrokerPartitionScenario.RESULT + r.json()));
    assertThat(parsed).contains(r);
    assertThat(KafkaBrokerPartitionScenario.parse(java.util.List.of(
        KafkaBrokerPartitionScenario.RESULT + r.json(), "PARTITION-FAILURE broker gone")).orElseThrow().failure())
        .contains("broker gone");
    assertThat(KafkaBrokerPartitionScenario.parse(java.util.List.of("no result"))).isEmpty();
  }

  @Test
  void the_faults_line_has_the_documented_shape() {
    ScenarioResult r = new ScenarioResult("poison", 3000, 0, 2, 0, 0, java.util.Optional.empty());
    assertThat(r.json()).isEqualTo("{\"scenario\":\"poison\",\"messages\":3000,\"lost\":0,\"duplicated\":2,"
        + "\"order_violations\":0,\"recovery_ms\":0}");
    assertThat(r.passed()).isTrue();
    assertThat(r.withFailure("x").passed()).isFalse();
  }
}
