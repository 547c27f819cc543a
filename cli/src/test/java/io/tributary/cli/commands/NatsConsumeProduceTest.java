package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.tributary.cli.CommandRun;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} then {@code consume} against the real NATS JetStream on 127.0.0.1:4222. */
class NatsConsumeProduceTest {

  private static final int RECORDS = 2_000;
  private static final int KEYS = 50;

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private NatsFixture nats;

  @TempDir
  Path dir;

  /** The extensions delete what a test was handed (queues, streams) after it. */
  @BeforeEach
  void fixtures(NatsFixture nats) {
    this.nats = nats;
  }

  @Test
  @Timeout(180)
  void produce_creates_the_stream_and_consume_handles_every_record_once_in_key_order_then_acks_all()
      throws Exception {
    String stream = nats.streamName("ROUNDTRIP");
    String subject = "tributary-samples." + stream.toLowerCase();
    CommandRun produced = CommandRun.of("produce", "--nats-url", nats.url(), "--stream", stream,
        "--subject", subject, "--count", Integer.toString(RECORDS), "--keys", Integer.toString(KEYS));
    assertThat(produced.code()).as("exit code; stderr:%n%s", produced.err()).isZero();
    assertThat(produced.outLines()).containsExactly("produced " + RECORDS + " records to " + stream);
    assertThat(nats.subjects(stream)).containsExactly(subject);
    assertThat(nats.messageCount(stream)).isEqualTo(RECORDS);
    MessageInfo first = nats.messages(stream).get(0);
    assertThat(first.getHeaders().getFirst("Tributary-Key")).isEqualTo("k0");
    assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo(SampleRecords.value(0, KEYS));

    Path out = dir.resolve("out.tsv");
    CommandRun consumed = CommandRun.of("consume", "--nats-url", nats.url(), "--stream", stream,
        "--parallelism", "16", "--handler-delay-ms", "1", "--max-idle-seconds", "2", "--out", out.toString());
    assertThat(consumed.code()).as("exit code; stderr:%n%s", consumed.err()).isZero();
    assertThat(consumed.err()).contains("shutdown report:");

    List<RoundTrips.Line> lines = RoundTrips.read(out);
    RoundTrips.assertEveryRecordOnceInKeyOrder(lines, RECORDS, KEYS);
    assertThat(lines).allSatisfy(l -> {
      assertThat(l.first()).as("first column: the stream").isEqualTo(stream);
      assertThat(l.second()).as("second column: the stream sequence of id %d", l.id()).isEqualTo(l.id() + 1);
    });
    // the default durable consumer acknowledged everything
    ConsumerInfo consumer = nats.consumerInfo(stream, "tributary-consume");
    assertThat(consumer.getNumAckPending()).isZero();
    assertThat(consumer.getNumPending()).isZero();
    assertThat(consumer.getAckFloor().getStreamSequence()).isEqualTo(RECORDS);

    // an existing stream is kept; without --subject, produce publishes to its only subject
    CommandRun more = CommandRun.of("produce", "--nats-url", nats.url(), "--stream", stream, "--count", "10");
    assertThat(more.code()).as("exit code; stderr:%n%s", more.err()).isZero();
    assertThat(more.outLines()).containsExactly("produced 10 records to " + stream);
    assertThat(nats.messageCount(stream)).isEqualTo(RECORDS + 10);
  }

  @Test
  void consume_with_a_missing_stream_fails_with_the_setup_error() {
    CommandRun run = CommandRun.of("consume", "--nats-url", nats.url(), "--stream", "NO_SUCH_STREAM_SAMPLES",
        "--group", "g1", "--max-idle-seconds", "1");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("tributary consume: JetStream stream 'NO_SUCH_STREAM_SAMPLES' does not exist");
  }
}
