package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AMQP sink against the real broker: confirms, returns, and acknowledging the source after the confirm. */
class AmqpSinkTest {

  private static ActorSystem system;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  private RabbitMqFixture rabbit;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("amqp-sink-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @BeforeEach
  void fixture(RabbitMqFixture rabbit) {
    this.rabbit = rabbit; // the extension deletes this test's queues and exchanges after it
  }

  @Test
  void sink_completes_only_once_the_broker_confirmed_every_message() throws Exception {
    String queue = rabbit.queueName("sink");
    AmqpSinkSettings settings = AmqpSinkSettings.create(rabbit.uri()).withDeclarations(AmqpDeclaration.queue(queue));
    CompletionStage<Done> done = Source.range(0, 999)
        .map(i -> OutgoingMessage.toQueue(queue, ("m" + i).getBytes()))
        .runWith(AmqpSink.create(settings), system);

    done.toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(rabbit.messageCount(queue)).isEqualTo(1_000); // confirmed means stored: all there, no waiting
    assertThat(rabbit.takeAll(queue)).extracting(r -> new String(r.getBody()))
        .containsExactlyElementsOf(IntStream.range(0, 1_000).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void unroutable_mandatory_message_fails_the_stream_with_a_clear_error() {
    String exchange = rabbit.exchangeName("unroutable");
    AmqpSinkSettings settings = AmqpSinkSettings.create(rabbit.uri())
        .withDeclarations(AmqpDeclaration.exchange(exchange, "direct"));
    CompletionStage<Done> done = Source.single(OutgoingMessage.of(exchange, "nobody.listens", "lost?"))
        .runWith(AmqpSink.create(settings), system);

    assertThatThrownBy(() -> done.toCompletableFuture().get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AmqpPublishException.class)
        .hasMessageContaining("exchange '" + exchange + "'")
        .hasMessageContaining("routing key 'nobody.listens'")
        .hasMessageContaining("NO_ROUTE");
  }

  @Test
  void unroutable_message_that_is_not_mandatory_is_confirmed_and_dropped() throws Exception {
    String exchange = rabbit.exchangeName("optional");
    AmqpSinkSettings settings = AmqpSinkSettings.create(rabbit.uri())
        .withDeclarations(AmqpDeclaration.exchange(exchange, "direct"));
    Source.single(OutgoingMessage.of(exchange, "nobody.listens", "dropped").withMandatory(false))
        .runWith(AmqpSink.create(settings), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void envelope_flow_acknowledges_the_source_message_only_after_the_confirm() throws Exception {
    String from = rabbit.queueName("from");
    String to = rabbit.queueName("to");
    rabbit.declareQueue(from);
    rabbit.publishToQueue(from, 200, i -> "order-" + i);
    Pair<AmqpControl, CompletionStage<Done>> running = AmqpSource.create(system,
            AmqpSourceSettings.create(rabbit.uri(), from, PayloadDecoder.string()).withPrefetch(50))
        .map(envelope -> envelope.withPayload(
            OutgoingMessage.toQueue(to, ("invoice-for-" + envelope.payload()).getBytes())))
        .toMat(AmqpSink.envelopes(AmqpSinkSettings.create(rabbit.uri()).withDeclarations(AmqpDeclaration.queue(to))),
            Keep.both())
        .run(system);
    rabbit.stopAtClose(running.first()::shutdown);

    await().atMost(Duration.ofSeconds(20)).until(() -> running.first().acknowledged() == 200);
    running.first().drainAndShutdown(running.second(), system.dispatcher())
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(rabbit.messageCount(from)).isZero();
    assertThat(rabbit.messageCount(to)).isEqualTo(200);
  }

  @Test
  void envelope_flow_failure_leaves_the_source_message_unacknowledged() throws Exception {
    String from = rabbit.queueName("from-unroutable");
    String exchange = rabbit.exchangeName("unbound");
    rabbit.declareQueue(from);
    rabbit.publishToQueue(from, 1, i -> "order-" + i);
    Pair<AmqpControl, CompletionStage<List<Envelope<OutgoingMessage>>>> running = AmqpSource.create(system,
            AmqpSourceSettings.create(rabbit.uri(), from, PayloadDecoder.string()))
        .map(envelope -> envelope.withPayload(OutgoingMessage.of(exchange, "nowhere", envelope.payload())))
        .via(AmqpSink.flow(AmqpSinkSettings.create(rabbit.uri())
            .withDeclarations(AmqpDeclaration.exchange(exchange, "direct"))))
        .toMat(org.apache.pekko.stream.javadsl.Sink.seq(), Keep.both())
        .run(system);
    rabbit.stopAtClose(running.first()::shutdown);

    assertThatThrownBy(() -> running.second().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AmqpPublishException.class);
    running.first().isShutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(running.first().acknowledged()).isZero();
    assertThat(rabbit.messageCount(from)).isEqualTo(1); // back in the queue
  }
}
