package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.telemetry.ComponentHealth;
import io.tributary.streams.telemetry.HealthStatus;
import io.tributary.streams.telemetry.Telemetry;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.TestEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Kafka runner's health names the key its handler blocks, while the other keys are processed. */
class KafkaRunnerHealthTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("kafka-runner-health-test", ConfigFactory.parseString(
        "tributary.health { stuck-after = 1s, slow-handler = 500ms, not-ready-after = 1s, check-interval = 100ms }")
        .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static Optional<ComponentHealth> health(String component) {
    return Telemetry.get(system).health().stream().filter(h -> h.component().equals(component)).findFirst();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> stuck(ComponentHealth health) {
    return (List<Map<String, Object>>) health.details().getOrDefault("stuck", List.of());
  }

  @Test
  void a_blocked_key_is_named_stuck_with_its_partition_and_offset_and_recovers() throws Exception {
    String topic = "health";
    kafka.createTopic(topic, 2);
    TestRecords.produce(kafka.bootstrapServers(), topic, 200, 10); // keys k0..k9, 20 records each
    CompletableFuture<Done> release = new CompletableFuture<>();
    AtomicReference<SourcePosition> blocked = new AtomicReference<>();
    KafkaRunner<TestEvent> runner = KafkaRunner.start(system,
        KafkaSourceSettings.create(kafka.bootstrapServers(), "g-health", List.of(topic),
            PayloadDecoder.json(TestEvent.class)).withCommitInterval(Duration.ofMillis(200)),
        ProcessingSettings.defaults(), envelope -> {
          if (envelope.key().equals("k3") && blocked.compareAndSet(null, envelope.position())) {
            return release; // the first record of k3 hangs; the other 19 of k3 wait behind it
          }
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    String name = "kafka-consumer[health/g-health]";
    assertThat(runner.name()).isEqualTo(name);

    await().atMost(Duration.ofSeconds(30)).until(() -> health(name).map(h -> !stuck(h).isEmpty()).orElse(false));
    assertThat(stuck(health(name).orElseThrow())).singleElement().satisfies(lane -> assertThat(lane)
        .containsEntry("lane", "key=k3").containsEntry("source", topic)
        .containsEntry("partition", blocked.get().partition()).containsEntry("offset", blocked.get().offset())
        .containsEntry("backlog", 19).containsEntry("runner", name)
        // the user's handler, not the runner's timing wrapper around it
        .containsEntry("handler", KafkaRunnerHealthTest.class.getName() + " (lambda)"));
    // The other nine keys are all processed meanwhile.
    await().atMost(Duration.ofSeconds(30)).until(() -> runner.control().acknowledged() == 180);
    await().atMost(Duration.ofSeconds(30)).until(() -> health(name).orElseThrow().status() == HealthStatus.DOWN);
    assertThat(Telemetry.get(system).ready()).isFalse();

    release.complete(Done.getInstance());
    await().atMost(Duration.ofSeconds(30)).until(() -> runner.control().acknowledged() == 200);
    await().atMost(Duration.ofSeconds(10)).until(() -> health(name).orElseThrow().status() == HealthStatus.UP);
    assertThat(Telemetry.get(system).ready()).isTrue();

    runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> health(name).isEmpty());
  }
}
