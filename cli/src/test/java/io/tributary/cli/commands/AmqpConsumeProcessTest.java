package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.cli.CommandRun;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code tributary consume --amqp-uri} process whose handler is stuck: the stop
 * ends within the drain timeout (exit 3), and a restart handles every record.
 */
class AmqpConsumeProcessTest {

  private static final int RECORDS = 3_000;

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
  void sigterm_with_a_stuck_handler_exits_3_within_the_drain_timeout_and_a_restart_handles_every_record()
      throws Exception {
    String queue = rabbit.queueName("stuck");
    CommandRun produced = CommandRun.of("produce", "--amqp-uri", rabbit.uri(), "--queue", queue,
        "--count", Integer.toString(RECORDS), "--keys", "20");
    assertThat(produced.code()).as(produced.err()).isZero();

    int drainSeconds = 2;
    Path first = dir.resolve("first.tsv");
    Path stderr = dir.resolve("first.stderr");
    Process consumer = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.tributary.cli.Main",
        "consume", "--amqp-uri", rabbit.uri(), "--queue", queue, "--parallelism", "16",
        "--handler-delay-ms", "2", "--hang-on-nth", "300", "--drain-timeout-seconds", Integer.toString(drainSeconds),
        "--out", first.toString())
        .redirectOutput(dir.resolve("first.stdout").toFile())
        .redirectError(stderr.toFile())
        .start();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> !consumer.isAlive() || (Files.exists(first) && Files.readAllLines(first).size() >= 1_000));
    assertThat(consumer.isAlive()).as("the consumer is still running").isTrue();
    long signalled = System.nanoTime();
    consumer.destroy(); // SIGTERM
    assertThat(consumer.waitFor(drainSeconds + 5, TimeUnit.SECONDS))
        .as("exited within drain timeout + 5 s; %s", Files.readString(stderr)).isTrue();
    System.out.println("AMQP stop with a stuck handler took " + (System.nanoTime() - signalled) / 1_000_000 + " ms");
    assertThat(consumer.exitValue()).as(Files.readString(stderr)).isEqualTo(ConsumeCommand.EXIT_ABANDONED);
    assertThat(Files.readString(stderr)).contains("shutdown report: amqp-consumer[" + queue + "]")
        .contains("(returned to queue " + queue + ")");

    Path second = dir.resolve("second.tsv");
    CommandRun restart = CommandRun.of("consume", "--amqp-uri", rabbit.uri(), "--queue", queue,
        "--max-idle-seconds", "2", "--out", second.toString());
    assertThat(restart.code()).as(restart.err()).isZero();
    Set<Long> ids = new HashSet<>();
    for (Path out : List.of(first, second)) {
      RoundTrips.read(out).forEach(line -> ids.add(line.id()));
    }
    assertThat(ids).as("every record, at least once").hasSize(RECORDS);
    assertThat(rabbit.messageCount(queue)).isZero();
  }
}
