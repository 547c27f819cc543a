package io.tributary.connectors.kafka;

import static io.tributary.connectors.kafka.KafkaSinkTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sink whose broker stops answering fails within a bounded time, naming the topic-partition: the
 * broker of this class is frozen with SIGSTOP (its connections stay open, nothing answers), the
 * stall that no retry of the producer can resolve.
 */
class KafkaSinkStallTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  private static final String TOPIC = "frozen";

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("kafka-sink-stall-test");
    kafka.createTopic(TOPIC, 2);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** Settings whose producer is created and warmed up now (metadata known), so sends never wait for metadata. */
  private static ProducerSettings<byte[], byte[]> warmSettings(int deliveryTimeoutMs) throws Exception {
    ProducerSettings<byte[], byte[]> settings = KafkaSink.producerSettings(system, kafka.bootstrapServers())
        .withProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(deliveryTimeoutMs))
        .withProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(30_000,
            deliveryTimeoutMs - 1_000)));
    Producer<byte[], byte[]> producer = settings.createKafkaProducer();
    producer.send(record(0)).get(30, TimeUnit.SECONDS);
    return settings.withProducer(producer); // closed by the stage when it stops
  }

  private static ProducerRecord<byte[], byte[]> record(int i) {
    return new ProducerRecord<>(TOPIC, TestRecords.bytes("k" + i), TestRecords.bytes(Integer.toString(i)));
  }

  @Test
  void a_stalled_record_fails_the_sink_at_the_delivery_timeout_naming_its_partition() throws Exception {
    ProducerSettings<byte[], byte[]> settings = warmSettings(3_000);
    long pid = kafka.broker().process().orElseThrow().pid();
    signal("STOP", pid);
    try {
      long started = System.nanoTime();
      CompletableFuture<?> run = Source.range(1, 5).map(KafkaSinkStallTest::record)
          .runWith(KafkaSink.records(settings), system).toCompletableFuture();
      Throwable failure = failureOf(run);
      assertThat(failure).isInstanceOf(KafkaDeliveryException.class)
          .hasMessageMatching("a record to frozen-[01] was not acknowledged by Kafka at 127\\.0\\.0\\.1:\\d+: "
              + "TimeoutException: Expiring \\d+ record\\(s\\) for frozen-[01].*")
          .hasCauseInstanceOf(TimeoutException.class);
      assertThat(((KafkaDeliveryException) failure).partition()).isPresent();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    } finally {
      signal("CONT", pid);
    }
  }

  @Test
  void the_watchdog_fails_a_sink_whose_producer_neither_delivers_nor_fails() throws Exception {
    // the producer may wait 120 s; the watchdog, set to 2 s, must not
    ProducerSettings<byte[], byte[]> settings = warmSettings(120_000);
    long pid = kafka.broker().process().orElseThrow().pid();
    signal("STOP", pid);
    try {
      CompletableFuture<?> run = Source.range(1, 5)
          .via(KafkaSink.<Integer>flow(settings, KafkaSinkStallTest::record, Duration.ofSeconds(2)))
          .runWith(Sink.ignore(), system).toCompletableFuture();
      Throwable failure = failureOf(run);
      assertThat(failure).isInstanceOf(KafkaDeliveryException.class)
          .hasMessageContaining("no acknowledgement from Kafka at " + kafka.bootstrapServers())
          .hasMessageContaining("(the watchdog allows 2000 ms) for a record to frozen-")
          .hasMessageContaining("with key 'k1'");
      assertThat(((KafkaDeliveryException) failure).partition()).isPresent();
    } finally {
      signal("CONT", pid);
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
  }
}
