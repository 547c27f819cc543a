package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.testkit.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A kafka sink whose records Kafka never acknowledges fails the pipeline, exit 1, naming the topic-partition. */
class KafkaSinkFailureTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void a_sink_kafka_does_not_acknowledge_fails_the_pipeline_with_exit_1_naming_the_topic_partition()
      throws Exception {
    // every batch is larger than the topic allows: the producer resends it until its delivery timeout
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      KafkaTopics.ensure(admin, new NewTopic("refusing", Optional.of(1), Optional.empty())
          .configs(Map.of("max.message.bytes", "64")), Duration.ofSeconds(30));
    }
    Path config = dir.resolve("refused.conf");
    Files.writeString(config, """
        sources { gen { type = generator, format = log, rate_per_s = 0, count = 100 } }
        sinks {
          out {
            type = kafka
            inputs = [gen]
            bootstrap_servers = "%s"
            topic = refusing
            properties { "delivery.timeout.ms" = "3000", "request.timeout.ms" = "2000" }
          }
        }
        """.formatted(kafka.bootstrapServers()));
    long started = System.nanoTime();
    CommandRun run = CommandRun.of("pipeline", config.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).containsPattern("tributary pipeline: refused failed: sinks\\.out failed: "
        + "a record to refusing-0 was not acknowledged by Kafka at 127\\.0\\.0\\.1:\\d+");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(60);
  }
}
