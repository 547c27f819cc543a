package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Startup failures are clear and fast: unreachable server, missing stream, a dead-letter subject in the source stream. */
class NatsSetupTest {

  private static ActorSystem system;

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private static NatsFixture nats;

  @BeforeAll
  static void start(NatsFixture fixture) {
    system = ActorSystem.create("nats-setup-test");
    nats = fixture; // the extension deletes each test's streams after it
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void connection_refused_fails_within_the_connection_timeout_naming_the_server() {
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create("nats://127.0.0.1:1", "ORDERS", "billing", PayloadDecoder.string())
        .withConnectionTimeout(Duration.ofSeconds(2));
    long started = System.nanoTime();
    assertThatThrownBy(() -> NatsSource.create(system, settings))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageContaining("nats://127.0.0.1:1")
        .hasMessageContaining("cannot connect");
    assertThatThrownBy(() -> NatsRunner.start(system, settings, ProcessingSettings.defaults(),
        envelope -> CompletableFuture.completedFuture(Done.getInstance())))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageContaining("nats://127.0.0.1:1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void core_subscription_to_an_unreachable_server_fails_with_a_clear_error() {
    NatsCoreSettings<String> settings = NatsCoreSettings
        .create("nats://127.0.0.1:1", "events.>", PayloadDecoder.string())
        .withConnectionTimeout(Duration.ofSeconds(2));
    assertThatThrownBy(() -> NatsSource.coreSubscription(system, settings))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageContaining("nats://127.0.0.1:1");
  }

  @Test
  void missing_stream_fails_with_an_error_naming_it_and_what_to_do() {
    String stream = NatsFixture.unique("MISSING");
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create(nats.url(), stream, "billing", PayloadDecoder.string());
    assertThatThrownBy(() -> NatsSource.create(system, settings))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageContaining("'" + stream + "' does not exist")
        .hasMessageContaining("withCreateStream");
  }

  @Test
  void missing_stream_is_created_when_the_settings_name_its_subjects() throws Exception {
    String stream = NatsFixture.unique("CREATED");
    nats.deleteStreamAtClose(stream);
    nats.deleteStreamAtClose(stream + "_DLQ");
    String subject = stream.toLowerCase() + ".>";
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create(nats.url(), stream, "billing", PayloadDecoder.string())
        .withCreateStream(subject);
    NatsControl control = NatsSource.create(system, settings)
        .to(org.apache.pekko.stream.javadsl.Sink.ignore()).run(system);
    try {
      assertThat(nats.jetStreamManagement().getStreamInfo(stream).getConfiguration().getSubjects()).containsExactly(subject);
      assertThat(nats.jetStreamManagement().getStreamInfo(stream + "_DLQ").getConfiguration().getSubjects())
          .containsExactly(stream + ".dlq");
      assertThat(control.consumerInfo().getName()).isEqualTo("billing");
    } finally {
      control.shutdown().toCompletableFuture().get();
    }
  }

  @Test
  void dead_letter_subject_captured_by_the_source_stream_is_rejected() throws Exception {
    String stream = NatsFixture.unique("GREEDY");
    nats.createStream(stream, stream.toLowerCase() + ".>");
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create(nats.url(), stream, "billing", PayloadDecoder.string())
        .withDeadLetterSubject(stream.toLowerCase() + ".dlq");
    assertThatThrownBy(() -> NatsSource.create(system, settings))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageContaining("captured by the source stream");
  }

  @Test
  void settings_reject_invalid_names_and_bounds_with_the_offending_value() {
    assertThatThrownBy(() -> NatsSourceSettings.create("nats://x", "a.b", "d", PayloadDecoder.string()))
        .hasMessageContaining("'a.b'");
    NatsSourceSettings<String> s = NatsSourceSettings.create("nats://x", "S", "d", PayloadDecoder.string());
    assertThatThrownBy(() -> s.withMaxBatch(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> s.withFetchWait(Duration.ofMillis(10))).hasMessageContaining("PT0.01S");
    assertThat(s.nakDelayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.nakDelayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.nakDelayAfter(30)).isEqualTo(Duration.ofMinutes(1));
  }
}
