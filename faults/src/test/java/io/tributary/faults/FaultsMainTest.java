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
  void a_planned_scenario_says_it_is_not_built_yet() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FaultsMain.run(new String[] {"kafka-broker-partition"},
        new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("'kafka-broker-partition' is planned but not built yet");
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
