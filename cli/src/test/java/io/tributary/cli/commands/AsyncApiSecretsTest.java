package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AsyncAPI document and the {@code --check} output of a pipeline with credentials hold none of them. */
class AsyncApiSecretsTest {

  @Test
  void credentials_in_uris_options_and_properties_never_reach_the_document_or_the_check(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("secrets.conf");
    Files.writeString(config, """
        sources {
          a { type = amqp, uri = "amqps://alice:Amqp-Secret-1@127.0.0.1:5671/%2F", queue = orders }
          n { type = nats, url = "nats://bob:Nats-Secret-2@127.0.0.1:4222", stream = ORDERS, durable = d,
              ca_file = /tmp/ca.pem }
          k { type = kafka, bootstrap_servers = "127.0.0.1:9093", topics = [t], group_id = g,
              properties { "sasl.jaas.config" = "x required username=\\"c\\" password=\\"Kafka-Secret-3\\";" } }
        }
        sinks {
          o { type = amqp, inputs = [a, n, k], uri = "amqp://dave:Amqp-Secret-4@127.0.0.1:5672",
              routing_key = out, password = Amqp-Secret-5, user = dave }
        }
        """);
    CommandRun document = CommandRun.of("asyncapi", config.toString());
    assertThat(document.code()).as(document.err()).isZero();
    CommandRun check = CommandRun.of("pipeline", "--check", config.toString());
    assertThat(check.code()).as(check.err()).isZero();
    for (String text : new String[] {document.out(), document.err(), check.out(), check.err()}) {
      assertThat(text).doesNotContain("Secret-");
    }
    assertThat(document.out()).contains("127.0.0.1:5671");
  }
}
