package io.tributary.samples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order service's AsyncAPI document, written at build time by the Maven plugin's goal {@code describe}
 * ({@code samples/pom.xml}), is the checked-in {@code samples/asyncapi/order-service.yaml}: a change of a
 * payload record or a channel changes that file, and so shows up in review.
 */
class OrderServiceDocumentTest {

  private static final Path WRITTEN = Path.of("target", "asyncapi.yaml");
  private static final Path CHECKED_IN = Path.of("asyncapi", "order-service.yaml");
  /** {@code -Dasyncapi.update=true} copies the written document over the checked-in one. */
  private static final String UPDATE = "asyncapi.update";

  @Test
  void the_document_written_at_build_time_is_the_checked_in_one() throws IOException {
    String written = readWritten();
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(CHECKED_IN.getParent());
      Files.copy(WRITTEN, CHECKED_IN, StandardCopyOption.REPLACE_EXISTING);
    }
    String checkedIn = Files.isRegularFile(CHECKED_IN) ? Files.readString(CHECKED_IN) : "";
    if (!written.equals(checkedIn)) {
      fail("samples/" + WRITTEN + " (written by the describe goal from OrderServiceApi) differs from the "
          + "checked-in samples/" + CHECKED_IN + " " + firstDifference(checkedIn, written) + ". If the change is "
          + "intended, copy samples/target/asyncapi.yaml over samples/asyncapi/order-service.yaml, or run "
          + "`mvn -pl samples -am test -Dtest=OrderServiceDocumentTest -Dsurefire.failIfNoSpecifiedTests=false "
          + "-D" + UPDATE + "=true`, and commit it.");
    }
  }

  @Test
  void the_describer_in_this_jvm_gives_the_document_the_build_wrote() throws IOException {
    assertThat(new OrderServiceApi().get().toYaml()).isEqualTo(readWritten());
  }

  @Test
  void the_document_shows_the_order_schema_the_kafka_intake_and_the_hub_topic() throws IOException {
    String written = readWritten();
    assertThat(written)
        .contains("placed-orders:", "placed-orders.dlq", "title: order-service")
        .contains("Order:", "OrderLine:", "placed_at:", "unit_price:")
        .contains("receive_placed-orders", "send_orders", "receive_orders");
  }

  private static String readWritten() throws IOException {
    if (!Files.isRegularFile(WRITTEN)) {
      fail("samples/" + WRITTEN + " is missing: the Maven plugin's describe goal writes it at process-classes; "
          + "run the tests through Maven (`mvn -pl samples -am test`) or run `mvn -pl samples -am process-classes`");
    }
    return Files.readString(WRITTEN);
  }

  /** The first line where the two differ, e.g. {@code at line 12: expected "...", was "..."}. */
  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String el = i < e.size() ? e.get(i) : "<end of file>";
      String al = i < a.size() ? a.get(i) : "<end of file>";
      if (!el.equals(al)) {
        return "at line " + (i + 1) + ": checked in \"" + el + "\", written \"" + al + "\"";
      }
    }
    return "(line endings only)";
  }
}
