package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.NatsMessage;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import io.tributary.testkit.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End-to-end rate on the real server: publish N messages to a stream, consume them with NatsRunner
 * (ordered per key over 100 keys, parallelism 16, a no-op handler, every message acknowledged), print
 * messages/s: publishing, consuming from the runner's start (connect and setup included) to the last
 * acknowledgement, and both together. N is 50,000 unless {@code -Dtributary.nats.throughput.count=...}.
 */
class NatsThroughputTest {

  private static final int COUNT = Integer.getInteger("tributary.nats.throughput.count", 50_000);
  private static final int KEYS = 100;

  private static ActorSystem system;

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private static NatsFixture nats;

  @BeforeAll
  static void start(NatsFixture fixture) {
    system = ActorSystem.create("nats-throughput-test");
    nats = fixture; // the extension deletes each test's streams after it
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void runner_consumes_and_acknowledges_every_published_message_and_reports_the_rate() throws Exception {
    String stream = NatsFixture.unique("RATE");
    String subject = stream.toLowerCase() + ".events";
    nats.createStream(stream, subject);
    nats.deleteStreamAtClose(stream + "_DLQ");
    List<NatsMessage> messages = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      String key = "k" + (i % KEYS);
      messages.add(NatsMessage.builder().subject(subject)
          .headers(new io.nats.client.impl.Headers().add(NatsSourceSettings.DEFAULT_KEY_HEADER, key))
          .data(TestEvent.json(i, key, i / KEYS).getBytes(StandardCharsets.UTF_8)).build());
    }
    long publishStart = System.nanoTime();
    nats.publishAll(messages);
    long publishNanos = System.nanoTime() - publishStart;

    CompletableFuture<Done> noOp = CompletableFuture.completedFuture(Done.getInstance());
    long consumeStart = System.nanoTime();
    NatsRunner<TestEvent> runner = NatsRunner.start(system,
        NatsSourceSettings.create(nats.url(), stream, "rate", PayloadDecoder.json(TestEvent.class)),
        ProcessingSettings.defaults(),
        envelope -> noOp);
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
          .until(() -> runner.control().acknowledged() > 0);
      long firstAck = System.nanoTime();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
          .until(() -> runner.control().acknowledged() == COUNT);
      long consumeNanos = System.nanoTime() - consumeStart;
      long steadyRate = (COUNT - 1) * 1_000_000_000L / (System.nanoTime() - firstAck);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        ConsumerInfo info = runner.control().consumerInfo();
        return info.getNumAckPending() == 0 && info.getNumPending() == 0;
      });
      long publishRate = COUNT * 1_000_000_000L / publishNanos;
      long consumeRate = COUNT * 1_000_000_000L / consumeNanos;
      long endToEndRate = COUNT * 1_000_000_000L / (publishNanos + consumeNanos);
      System.out.printf("nats-throughput: messages=%d publish_ms=%d publish_rate_per_s=%d consume_ms=%d "
              + "consume_rate_per_s=%d (after the first ack: %d) end_to_end_rate_per_s=%d max_open=%d%n", COUNT,
          publishNanos / 1_000_000, publishRate, consumeNanos / 1_000_000, consumeRate, steadyRate, endToEndRate,
          runner.control().maxOpenMessages());
      assertThat(runner.metrics().succeeded()).isEqualTo(COUNT);
    } finally {
      runner.registerShutdown(Duration.ofSeconds(5)).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
