package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.asyncapi.v3._0_0.model.AsyncAPI;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tributary asyncapi FILE}: every sample pipeline gives a 3.0.0 document that asyncapi-core
 * reads back; a bad config exits 2 with the problem and no stack trace. Nothing connects to a broker.
 */
class AsyncApiCommandTest {

  private static final Path PIPELINES = Path.of("..", "samples", "pipelines");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Stream<Path> samplePipelines() throws IOException {
    try (Stream<Path> files = Files.list(PIPELINES)) {
      List<Path> confs = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
      assertThat(confs).isNotEmpty();
      return confs.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samplePipelines")
  void everySamplePipelineGivesADocumentThatReadsBack(Path conf) throws Exception {
    CommandRun run = CommandRun.of("asyncapi", conf.toString());

    assertThat(run.code()).as(run.err()).isZero();
    AsyncAPI model = YAML.readValue(run.out(), AsyncAPI.class);
    assertThat(model.getAsyncapi()).isEqualTo("3.0.0");
    assertThat(model.getInfo().getTitle()).isEqualTo(conf.getFileName().toString().replace(".conf", ""));
  }

  @Test
  void kafkaRemapHasItsTopicsDeadLettersAndOperations() throws Exception {
    CommandRun run = CommandRun.of("asyncapi", PIPELINES.resolve("kafka-remap.conf").toString(),
        "--set", "vars.topic=payments");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = YAML.readTree(run.out());
    assertThat(doc.path("servers").path("kafka").path("host").asText()).isEqualTo("127.0.0.1:9092");
    assertThat(doc.path("channels").fieldNames()).toIterable()
        .containsExactly("payments", "payments-enriched", "payments-invalid", "payments_dlq");
    assertThat(doc.path("operations").fieldNames()).toIterable()
        .containsExactly("receive_payments", "send_payments-enriched", "send_payments-invalid", "send_payments_dlq");
    assertThat(doc.at("/operations/receive_payments/bindings/kafka/groupId/enum/0").asText())
        .isEqualTo("tributary-kafka-remap");
    assertThat(doc.at("/channels/payments-enriched/bindings/kafka/partitions").asInt()).isEqualTo(4);
    assertThat(doc.at("/components/messages/DeadLetter/headers/properties").has("tributary.error.class")).isTrue();
  }

  @Test
  void amqpToNatsDescribesBothBrokersWithoutCredentials() throws Exception {
    CommandRun run = CommandRun.of("asyncapi", PIPELINES.resolve("amqp-to-nats.conf").toString(), "--format", "json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertThat(doc.path("servers").fieldNames()).toIterable().containsExactly("amqp", "nats");
    assertThat(run.out()).doesNotContain("guest");
    assertThat(doc.at("/channels/orders.enriched").isMissingNode()).isTrue();
    assertThat(doc.at("/channels/orders_enriched/bindings/nats/x-stream").asText()).isEqualTo("ORDERS_ENRICHED");
  }

  @Test
  void writesTheDocumentToAFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("doc/asyncapi.yaml");
    CommandRun run = CommandRun.of("asyncapi", PIPELINES.resolve("kafka-remap.conf").toString(), "--out",
        out.toString(), "--title", "remap", "--api-version", "2.1.0");

    assertThat(run.code()).as(run.err()).isZero();
    AsyncAPI model = YAML.readValue(Files.readString(out), AsyncAPI.class);
    assertThat(model.getInfo().getTitle()).isEqualTo("remap");
    assertThat(model.getInfo().getVersion()).isEqualTo("2.1.0");
  }

  @Test
  void aBadConfigExitsTwoWithTheProblemAndNoStackTrace(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "sources { in { type = kafka, topics = [t], group_id = g } }\n"
        + "sinks { out { type = kafka, inputs = [in], bootstrap_servers = \"127.0.0.1:9092\" } }\n");

    CommandRun run = CommandRun.of("asyncapi", bad.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("sources.in.bootstrap_servers").contains("sinks.out.topic")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aMissingFileExitsTwo(@TempDir Path dir) {
    CommandRun run = CommandRun.of("asyncapi", dir.resolve("nothing.conf").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no such file").doesNotContain("\tat ");
  }
}
