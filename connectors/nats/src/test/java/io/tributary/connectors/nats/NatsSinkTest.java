package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Message;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.NatsMessage;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JetStream publishing from streams: completion on the server's acknowledgement, ack at the source after the publish. */
class NatsSinkTest {

  private static ActorSystem system;

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private static NatsFixture nats;

  @BeforeAll
  static void start(NatsFixture fixture) {
    system = ActorSystem.create("nats-sink-test");
    nats = fixture; // the extension deletes each test's streams after it
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static Message message(String subject, String data) {
    return NatsMessage.builder().subject(subject).data(data.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void jet_stream_sink_completes_once_the_server_acknowledged_every_message_in_order() throws Exception {
    String stream = NatsFixture.unique("SINK");
    String subject = stream.toLowerCase() + ".out";
    nats.createStream(stream, subject);
    Source.range(0, 499).map(i -> message(subject, "m" + i))
        .runWith(NatsSink.jetStream(nats.connection(), 64), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    // completion means acknowledged: everything is stored when it completes, in order
    List<MessageInfo> stored = nats.messages(stream);
    assertThat(stored).hasSize(500);
    assertThat(stored.stream().map(NatsFixture::text).collect(Collectors.toList()))
        .isEqualTo(IntStream.range(0, 500).mapToObj(i -> "m" + i).collect(Collectors.toList()));
  }

  @Test
  void publish_to_a_subject_no_stream_captures_fails_the_stream_with_a_clear_error() {
    String subject = NatsFixture.unique("nowhere").toLowerCase() + ".x";
    assertThatThrownBy(() -> Source.single(message(subject, "lost?"))
        .runWith(NatsSink.jetStream(nats.connection(), 4), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining(subject)
        .hasMessageContaining("not acknowledged");
  }

  @Test
  void envelopes_are_acknowledged_at_their_source_only_after_their_publish() throws Exception {
    String in = NatsFixture.unique("IN");
    String out = NatsFixture.unique("OUT");
    nats.createStream(in, in.toLowerCase() + ".>");
    nats.createStream(out, out.toLowerCase() + ".>");
    nats.deleteStreamAtClose(in + "_DLQ");
    for (int i = 0; i < 50; i++) {
      nats.publish(in.toLowerCase() + ".orders", "order-" + i);
    }
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create(nats.url(), in, "forwarder", PayloadDecoder.string());
    Pair<NatsControl, java.util.concurrent.CompletionStage<Done>> running = NatsSource.create(system, settings)
        .map(envelope -> envelope.withPayload(message(out.toLowerCase() + ".enriched", envelope.payload() + "!")))
        .toMat(NatsSink.envelopes(nats.connection(), 16), Keep.both())
        .run(system);
    NatsControl control = running.first();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> nats.messageCount(out) == 50
          && control.consumerInfo().getNumAckPending() == 0 && control.consumerInfo().getNumPending() == 0);
      assertThat(control.acknowledged()).isEqualTo(50);
      assertThat(NatsFixture.text(nats.messages(out).get(0))).isEqualTo("order-0!");
    } finally {
      control.drainAndShutdown(running.second(), system.dispatcher()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
