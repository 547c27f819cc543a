package io.tributary.asyncapi.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.streams.codec.SchemaViolation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A message's payload schema taken from an AsyncAPI 3.0 document, references included. */
class PayloadSchemaFromAsyncApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static String document;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = PayloadSchemaFromAsyncApiTest.class.getResourceAsStream("/asyncapi/sensors.yaml")) {
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void a_component_message_with_referenced_schemas_validates_through_its_references() throws Exception {
    PayloadSchema reading = PayloadSchema.fromAsyncApi(document, "reading");
    assertThat(reading.name()).isEqualTo("reading");
    assertThat(reading.violations(json("{\"sensor\":\"s1\",\"value\":{\"amount\":21.5,\"unit\":\"celsius\"},"
        + "\"sent_at\":\"2026-12-07T10:00:00Z\"}"))).isEmpty();
    assertThat(reading.violations(json("{\"sensor\":\"\",\"value\":{\"amount\":\"warm\",\"unit\":\"F\"},"
        + "\"sent_at\":\"2026-12-07T10:00:00Z\",\"extra\":1}")))
        .extracting(SchemaViolation::pointer)
        .containsExactlyInAnyOrder("", "/sensor", "/value/amount", "/value/unit");
  }

  @Test
  void a_channel_message_with_a_multi_format_json_schema_payload_is_found_by_its_id() throws Exception {
    PayloadSchema alert = PayloadSchema.fromAsyncApi(document, "alert");
    assertThat(alert.violations(json("{\"sensor\":\"s1\",\"level\":\"high\"}"))).isEmpty();
    assertThat(alert.violations(json("{\"sensor\":\"s1\",\"level\":\"mid\"}")))
        .extracting(SchemaViolation::pointer).containsExactly("/level");
  }

  @Test
  void unsupported_or_missing_messages_are_refused_with_their_pointer() {
    assertThatThrownBy(() -> PayloadSchema.fromAsyncApi(document, "snapshot"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/channels/alerts/messages/snapshot/payload/schemaFormat: 'application/vnd.apache.avro;"
            + "version=1.9.0' is not supported (AsyncAPI and JSON Schema formats are)");
    assertThatThrownBy(() -> PayloadSchema.fromAsyncApi(document, "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the AsyncAPI document has no message 'nope'; its messages: alert, reading, snapshot");
    assertThatThrownBy(() -> PayloadSchema.fromAsyncApi("openapi: 3.0.0", "x"))
        .hasMessage("not an AsyncAPI document: no top-level 'asyncapi' field");
  }
}
