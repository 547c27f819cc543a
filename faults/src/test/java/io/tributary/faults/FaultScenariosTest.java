package io.tributary.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.RabbitMqCtl;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario of {@code ./tributary faults} in its quick form (3,000 events) against the real brokers: nothing
 * lost, every key in order; duplicates are allowed where the scenario says so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScenariosTest {

  @TempDir
  Path dir;

  private ScenarioResult run(Scenario scenario) throws Exception {
    ScenarioResult result = scenario.run(Workload.quick(), dir);
    System.out.println(result.json() + result.failure().map(f -> " FAILED: " + f).orElse(""));
    assertThat(result.failure()).as("the scenario ran to its end").isEmpty();
    assertThat(result.messages()).isEqualTo(Workload.quick().messages());
    assertThat(result.lost()).as("lost").isZero();
    assertThat(result.orderViolations()).as("order violations").isZero();
    return result;
  }

  @Test
  @Order(1)
  @Timeout(120)
  void poison_payloads_all_reach_the_dead_letter_topic_with_their_reason_and_the_rest_is_processed() throws Exception {
    ScenarioResult result = run(new PoisonScenario()); // checks every dead letter's stage and error class
    assertThat(result.duplicated()).as("nothing runs twice without a fault").isZero();
  }

  @Test
  @Order(2)
  @Timeout(150)
  void a_consumer_killed_with_sigkill_is_replaced_without_loss_or_reordering() throws Exception {
    ScenarioResult result = run(new ConsumerKillScenario());
    assertThat(result.recoveryMs()).isPositive();
  }

  @Test
  @Order(3)
  @Timeout(150)
  void a_kafka_broker_killed_and_restarted_on_its_data_costs_no_message() throws Exception {
    ScenarioResult result = run(new KafkaBrokerKillScenario());
    assertThat(result.recoveryMs()).isPositive();
  }

  @Test
  @Order(4)
  @Timeout(120)
  void a_rabbitmq_restart_mid_stream_costs_no_message() throws Exception {
    Assumptions.assumeTrue(RabbitMqCtl.available(), "needs rabbitmqctl for the local broker");
    run(new RabbitMqRestartScenario());
  }

  @Test
  @Order(5)
  @Timeout(120)
  void a_nats_restart_with_its_jetstream_store_kept_costs_no_message() throws Exception {
    Assumptions.assumeTrue(NatsServer.controllable(), "needs the local nats-server process");
    run(new NatsRestartScenario());
  }

  @Test
  @Order(6)
  @Timeout(150)
  void consumers_joining_and_leaving_every_two_seconds_lose_nothing_and_keep_each_keys_order() throws Exception {
    run(new RebalanceStormScenario());
  }

  @Test
  @Order(7)
  @Timeout(120)
  void a_stalled_sink_of_a_fan_out_holds_its_source_back_with_bounded_memory_and_nothing_committed_past_it()
      throws Exception {
    SlowSinkScenario.Measured m = new SlowSinkScenario().measure(Workload.quick(), dir);
    System.out.println(m);
    assertThat(m.samples()).as("the committed offsets were read during the stall").isGreaterThan(5);
    assertThat(m.commitsPastStall()).as("samples with a commit past the stalled sink").isZero();
    assertThat(m.committedUpToStall()).as("commits went on right up to the stalled sink's position").isTrue();
    assertThat(m.maxInFlight()).as("events in flight during the stall").isPositive()
        .isLessThanOrEqualTo(SlowSinkScenario.IN_FLIGHT_BOUND);
    assertThat(m.backlog()).as("the stall held back more than the pipeline holds: the rest waited in the topic")
        .isGreaterThan(m.maxInFlight());
    assertThat(m.result().recoveryMs()).as("the stalled sink took an event after the stall").isNotNegative();
    assertThat(m.result().failure()).isEmpty();
    assertThat(m.result().lost()).as("lost").isZero();
    assertThat(m.result().orderViolations()).as("order violations").isZero();
    assertThat(m.result().duplicated()).as("nothing runs twice without a restart").isZero();
  }

  @Test
  @Order(8)
  @Timeout(240)
  void a_kafka_broker_unreachable_for_a_while_then_healed_costs_no_message() throws Exception {
    Optional<String> unavailable = KafkaBrokerPartitionScenario.unavailableBecause();
    Assumptions.assumeTrue(unavailable.isEmpty(), () -> "needs unshare and nft as root: " + unavailable.orElse(""));
    ScenarioResult result = run(new KafkaBrokerPartitionScenario());
    assertThat(result.recoveryMs()).isNotNegative();
  }

  /** About 45 s (three JVM restarts); also {@code ./tributary faults exactly-once-kill}. */
  @Test
  @Order(9)
  @Timeout(150)
  void an_exactly_once_consumer_killed_three_times_leaves_each_result_exactly_once_in_key_order() throws Exception {
    ScenarioResult result = run(new ExactlyOnceKillScenario());
    assertThat(result.duplicated()).as("duplicated in the read_committed output").isZero();
    assertThat(result.recoveryMs()).isNotNegative();
  }

  /** About 40 s (a 12 s freeze past the session timeout); also {@code ./tributary faults exactly-once-zombie}. */
  @Test
  @Order(10)
  @Timeout(150)
  void an_exactly_once_consumer_frozen_past_its_session_and_thawed_commits_nothing_of_its_own() throws Exception {
    ScenarioResult result = run(new ExactlyOnceZombieScenario());
    assertThat(result.duplicated()).as("duplicated in the read_committed output").isZero();
  }
}
