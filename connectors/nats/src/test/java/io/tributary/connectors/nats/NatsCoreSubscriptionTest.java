package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.impl.Headers;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plain core-NATS subscription source (at-most-once). */
class NatsCoreSubscriptionTest {

  private static ActorSystem system;

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private static NatsFixture nats;

  @BeforeAll
  static void start(NatsFixture fixture) {
    system = ActorSystem.create("nats-core-test");
    nats = fixture; // the extension deletes each test's streams after it
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void core_subscription_emits_messages_published_after_it_subscribed_and_drops_undecodable_ones()
      throws Exception {
    String prefix = NatsFixture.unique("core").toLowerCase();
    List<Envelope<String>> received = new CopyOnWriteArrayList<>();
    NatsControl control = NatsSource.coreSubscription(system,
            NatsCoreSettings.create(nats.url(), prefix + ".>", PayloadDecoder.string()))
        .toMat(Sink.foreach(envelope -> {
          received.add(envelope);
          envelope.acknowledge();
        }), Keep.left())
        .run(system);
    try {
      for (int i = 0; i < 20; i++) {
        nats.connection().publish(prefix + ".e" + (i % 3), new Headers().add("Tributary-Key", "key-" + i),
            ("event-" + i).getBytes(StandardCharsets.UTF_8));
      }
      nats.connection().publish(prefix + ".bad", new byte[] {(byte) 0xff, (byte) 0xfe});
      nats.connection().flush(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 20);
      assertThat(received.stream().map(Envelope::payload).collect(Collectors.toList()))
          .startsWith("event-0", "event-1").hasSize(20);
      assertThat(received.get(3).key()).isEqualTo("key-3");
      assertThat(received.get(3).position().source()).isEqualTo(prefix + ".>");
      assertThat(received.get(3).position().offset()).isEqualTo(4);
      assertThatNoMoreArrive(received);
    } finally {
      control.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void assertThatNoMoreArrive(List<Envelope<String>> received) {
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == 20);
  }
}
