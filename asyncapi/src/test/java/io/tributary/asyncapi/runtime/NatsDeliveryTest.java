package io.tributary.asyncapi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A NATS publisher of replies and requests ({@link NatsDelivery#JETSTREAM_OR_CORE}) reaches a requester's core
 * inbox, which no stream captures, and still has JetStream store what a stream captures; a JetStream-only
 * publisher keeps refusing a subject without a stream.
 */
class NatsDeliveryTest {

  @RegisterExtension
  static final NatsExtension nats = new NatsExtension();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("nats-delivery-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void jetstream_or_core_publishes_inbox_subjects_through_core_and_stream_subjects_through_jetstream()
      throws Exception {
    NatsFixture fixture = nats.fixture();
    String stream = fixture.streamName("DELIVERY");
    String stored = stream.toLowerCase() + ".stored";
    fixture.createStream(stream, stored);
    String inbox = fixture.connection().createInbox();
    Subscription listening = fixture.connection().subscribe(inbox);
    fixture.connection().flush(Duration.ofSeconds(5));

    try (NatsPublisher<String> publisher = NatsPublisher.create(system, fixture.url(), stored, PayloadEncoder.text(),
        PublisherSettings.defaults(), Duration.ofSeconds(5), NatsDelivery.JETSTREAM_OR_CORE)) {
      publisher.send(Publication.of(inbox, "to the inbox")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      publisher.send("to the stream").toCompletableFuture().get(30, TimeUnit.SECONDS);
      publisher.send(Publication.of(NatsFixture.unique("nobody.listens"), "dropped by NATS"))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);

      Message received = listening.nextMessage(Duration.ofSeconds(10));
      assertThat(new String(received.getData(), StandardCharsets.UTF_8)).isEqualTo("to the inbox");
      assertThat(fixture.messageCount(stream)).isEqualTo(1);
      assertThat(NatsFixture.text(fixture.messages(stream).get(0))).isEqualTo("to the stream");
    }
  }

  @Test
  void jetstream_only_still_fails_a_subject_no_stream_captures() {
    try (NatsPublisher<String> publisher = NatsPublisher.create(system, nats.fixture().url(),
        NatsFixture.unique("no.stream"), PayloadEncoder.text())) {
      assertThatThrownBy(() -> publisher.send("lost?").toCompletableFuture().get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("does a stream capture the subject?");
    }
  }
}
