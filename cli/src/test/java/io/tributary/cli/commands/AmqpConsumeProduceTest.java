package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} then {@code consume} against the real RabbitMQ on 127.0.0.1:5672. */
class AmqpConsumeProduceTest {

  private static final int RECORDS = 2_000;
  private static final int KEYS = 50;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  private RabbitMqFixture rabbit;

  @TempDir
  Path dir;

  /** The extensions delete what a test was handed (queues, streams) after it. */
  @BeforeEach
  void fixtures(RabbitMqFixture rabbit) {
    this.rabbit = rabbit;
  }

  @Test
  @Timeout(180)
  void produce_declares_the_queue_and_consume_handles_every_record_once_in_key_order_then_acks_all() throws Exception {
    String queue = rabbit.queueName("roundtrip");
    CommandRun produced = CommandRun.of("produce", "--amqp-uri", rabbit.uri(), "--queue", queue,
        "--count", Integer.toString(RECORDS), "--keys", Integer.toString(KEYS));
    assertThat(produced.code()).as("exit code; stderr:%n%s", produced.err()).isZero();
    assertThat(produced.outLines()).containsExactly("produced " + RECORDS + " records to " + queue);
    assertThat(rabbit.messageCount(queue)).isEqualTo(RECORDS);

    Path out = dir.resolve("out.tsv");
    CommandRun consumed = CommandRun.of("consume", "--amqp-uri", rabbit.uri(), "--queue", queue,
        "--parallelism", "16", "--handler-delay-ms", "1", "--max-idle-seconds", "2", "--out", out.toString());
    assertThat(consumed.code()).as("exit code; stderr:%n%s", consumed.err()).isZero();
    assertThat(consumed.err()).contains("shutdown report:");

    List<RoundTrips.Line> lines = RoundTrips.read(out);
    RoundTrips.assertEveryRecordOnceInKeyOrder(lines, RECORDS, KEYS);
    assertThat(lines).allSatisfy(l -> assertThat(l.first()).as("first column: the queue").isEqualTo(queue));
    assertThat(lines.stream().map(RoundTrips.Line::second).sorted().toList())
        .as("second column: the delivery tags of one channel")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, RECORDS).boxed().toList());
    // every message was acknowledged: none came back to the queue when the consumer closed
    assertThat(rabbit.messageCount(queue)).isZero();
    assertThat(rabbit.consumerCount(queue)).isZero();
  }

  @Test
  void an_unreachable_broker_fails_produce_with_a_clear_message_and_an_empty_stdout() {
    CommandRun run = CommandRun.of("produce", "--amqp-uri", "amqp://guest:guest@127.0.0.1:1", "--queue", "q",
        "--count", "10", "--timeout-ms", "3000");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("tributary produce: could not declare queue 'q'").contains("127.0.0.1:1")
        .doesNotContain("guest:guest");
    assertThat(run.millis()).isLessThan(20_000);
  }
}
