package io.tributary.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.codec.PayloadValidationException;
import io.tributary.streams.codec.SchemaViolation;
import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validation-errors header of a dead letter whose payload did not match its schema. */
class DeadLetterValidationErrorsTest {

  private static final byte[] RAW = "{\"qty\":\"x\"}".getBytes(StandardCharsets.UTF_8);

  private static Envelope<byte[]> envelope() {
    return new Envelope<>("k", RAW, List.of(), Instant.EPOCH, new SourcePosition("orders", 2, 41),
        Acknowledgement.NONE, "k".getBytes(StandardCharsets.UTF_8), RAW);
  }

  private static String header(DeadLetter deadLetter, String name) {
    return deadLetter.headers().stream().filter(h -> h.key().equals(name)).map(Header::value)
        .map(v -> new String(v, StandardCharsets.UTF_8)).findFirst().orElse(null);
  }

  @Test
  void a_validation_failure_carries_its_violations_as_a_json_array_header() {
    List<SchemaViolation> violations = List.of(new SchemaViolation("/qty", "string found, integer expected"),
        new SchemaViolation("", "required property \"id\" not found"));
    PayloadValidationException error = new PayloadValidationException("Order", violations, 2);

    DeadLetter deadLetter = DeadLetter.of(envelope(), ProcessingFailure.of(error, 1, Instant.EPOCH),
        DeadLetterStage.DECODE).withOrigin(DeadLetterHeaders.ORIGINAL_SUBJECT, "orders.eu");

    String json = header(deadLetter, DeadLetterHeaders.VALIDATION_ERRORS);
    assertThat(json).isEqualTo("[{\"pointer\":\"/qty\",\"message\":\"string found, integer expected\"},"
        + "{\"pointer\":\"\",\"message\":\"required property \\\"id\\\" not found\"}]");
    assertThat(SchemaViolation.fromJson(json)).isEqualTo(violations);
    assertThat(header(deadLetter, DeadLetterHeaders.ERROR_MESSAGE))
        .isEqualTo("payload does not match the schema of Order: 2 violations: /qty: string found, integer "
            + "expected; (root): required property \"id\" not found");
    assertThat(header(deadLetter, DeadLetterHeaders.STAGE)).isEqualTo("decode");
    assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_SUBJECT)).isEqualTo("orders.eu");
  }

  @Test
  void other_failures_have_no_validation_errors_header() {
    DeadLetter deadLetter = DeadLetter.of(envelope(),
        ProcessingFailure.of(new IllegalArgumentException("not JSON"), 1, Instant.EPOCH), DeadLetterStage.DECODE);
    assertThat(deadLetter.validationErrors()).isEmpty();
    assertThat(header(deadLetter, DeadLetterHeaders.VALIDATION_ERRORS)).isNull();
    assertThat(deadLetter.headers()).hasSize(8);
  }

  @Test
  void the_message_names_the_total_and_only_the_first_few_violations() {
    List<SchemaViolation> kept = List.of(new SchemaViolation("/a", "m1"), new SchemaViolation("/b", "m2"),
        new SchemaViolation("/c", "m3"), new SchemaViolation("/d", "m4"));
    PayloadValidationException error = new PayloadValidationException("T", kept, 57);
    assertThat(error.total()).isEqualTo(57);
    assertThat(error.violations()).hasSize(4);
    assertThat(error.getMessage()).isEqualTo("payload does not match the schema of T: 57 violations: /a: m1; /b: m2; "
        + "/c: m3; ...");
  }

  @Test
  void reading_back_refuses_what_is_not_an_array_of_violations() {
    assertThatThrownBy(() -> SchemaViolation.fromJson("{\"pointer\":\"\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchemaViolation.fromJson("[{\"pointer\":1}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pointer and message");
  }
}
