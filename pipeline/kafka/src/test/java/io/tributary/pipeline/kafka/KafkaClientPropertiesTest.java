package io.tributary.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's kafka components: {@code client_config} under {@code properties}, secret references resolved. */
class KafkaClientPropertiesTest {

  @Test
  void properties_win_over_the_client_config_and_file_references_are_resolved(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("truststore-password");
    Files.writeString(secret, "s3cret\n");
    Path config = dir.resolve("client.properties");
    Files.writeString(config, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
        + "ssl.truststore.password=${file:" + secret + "}\n");
    Map<String, String> props = KafkaEventSource.clientProperties(config.toString(),
        Map.of("sasl.mechanism", "PLAIN", "client.id", "${file:" + secret + "}"));
    assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("ssl.truststore.password", "s3cret").containsEntry("client.id", "s3cret");
  }

  @Test
  void a_missing_client_config_or_variable_is_named_without_secrets(@TempDir Path dir) {
    assertThatThrownBy(() -> KafkaEventSource.clientProperties(dir.resolve("nope.properties").toString(), Map.of()))
        .hasMessageContaining("nope.properties");
    assertThatThrownBy(() -> KafkaEventSource.clientProperties(null,
        Map.of("sasl.jaas.config", "x password=\"${env:TRIBUTARY_TEST_UNSET_VAR}\";")))
        .hasMessageContaining("properties.sasl.jaas.config")
        .hasMessageContaining("TRIBUTARY_TEST_UNSET_VAR");
  }
}
