package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** The broker choice of {@code produce} and {@code consume}: exactly one, with its own options. */
class BrokerOptionsTest {

  @Test
  void no_broker_is_a_usage_error_that_lists_the_choices() {
    for (String command : new String[] {"produce", "consume"}) {
      CommandRun run = command.equals("produce") ? CommandRun.of(command, "--count", "1") : CommandRun.of(command);
      assertThat(run.code()).as(command).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).as(command).contains("choose a broker: --bootstrap-servers with --topic")
          .contains("--amqp-uri with --queue (RabbitMQ)").contains("--nats-url with --stream (NATS JetStream)");
    }
  }

  @Test
  void two_brokers_are_a_usage_error() {
    CommandRun run = CommandRun.of("consume", "--bootstrap-servers", "127.0.0.1:9092", "--topic", "t", "--group", "g",
        "--amqp-uri", "amqp://127.0.0.1:5672", "--queue", "q");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("choose one broker, not --bootstrap-servers and --amqp-uri");
  }

  @Test
  void a_missing_or_misplaced_option_is_a_usage_error_naming_it() {
    CommandRun missing = CommandRun.of("consume", "--bootstrap-servers", "127.0.0.1:9092", "--topic", "t");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Kafka (--bootstrap-servers) needs --group");

    CommandRun misplaced = CommandRun.of("produce", "--amqp-uri", "amqp://127.0.0.1:5672", "--queue", "q",
        "--count", "1", "--partitions", "3");
    assertThat(misplaced.code()).isEqualTo(2);
    assertThat(misplaced.err()).contains("--partitions applies to Kafka (--bootstrap-servers), not to RabbitMQ");

    CommandRun noStream = CommandRun.of("consume", "--nats-url", "nats://127.0.0.1:4222", "--subject", "a.b");
    assertThat(noStream.code()).isEqualTo(2);
    assertThat(noStream.err()).contains("NATS JetStream (--nats-url) needs --stream");
  }

  @Test
  void invalid_broker_values_are_usage_errors() {
    CommandRun uri = CommandRun.of("produce", "--amqp-uri", "http://127.0.0.1:5672", "--queue", "q", "--count", "1");
    assertThat(uri.code()).isEqualTo(2);
    assertThat(uri.err()).contains("uri must start with amqp:// or amqps://");

    CommandRun stream = CommandRun.of("consume", "--nats-url", "nats://127.0.0.1:4222", "--stream", "a.b");
    assertThat(stream.code()).isEqualTo(2);
    assertThat(stream.err()).contains("stream name must be letters, digits");
  }
}
