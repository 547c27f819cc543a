package io.tributary.asyncapi.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The describe goal's core: a describer runs in a loader of the given classpath alone (not the plugin's), its
 * document is written as YAML or JSON, and what is not a proper describer fails with a message saying why.
 */
class DescriberRunTest {

  /** This test's classpath stands for a project's runtime classpath (its classes and dependencies). */
  private static final List<Path> CLASSPATH = Arrays.stream(
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
              .split(File.pathSeparator))
      .filter(s -> !s.isBlank()).map(Path::of).toList();

  @Test
  void writes_the_describers_document_as_yaml_from_a_loader_of_its_own(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("target/asyncapi.yaml");

    DescriberRun.write(CLASSPATH, Describers.Orders.class.getName(), out);

    String yaml = Files.readString(out);
    assertThat(yaml).startsWith("asyncapi: 3.0.0").contains("title: orders", "receive_orders");
    assertThat(yaml).contains("description: loaded by asyncapi-describe");
  }

  @Test
  void writes_json_when_the_file_name_ends_with_json(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("asyncapi.json");

    DescriberRun.write(CLASSPATH, Describers.Orders.class.getName(), out);

    JsonNode doc = new ObjectMapper().readTree(out.toFile());
    assertThat(doc.at("/info/title").asText()).isEqualTo("orders");
    assertThat(doc.at("/channels/orders/address").asText()).isEqualTo("orders");
  }

  @Test
  void restores_the_context_class_loader(@TempDir Path dir) throws Exception {
    ClassLoader before = Thread.currentThread().getContextClassLoader();

    DescriberRun.write(CLASSPATH, Describers.Orders.class.getName(), dir.resolve("a.yaml"));

    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
  }

  @Test
  void a_class_missing_from_the_classpath_is_named(@TempDir Path dir) {
    assertThatThrownBy(() -> DescriberRun.write(CLASSPATH, "com.example.Missing", dir.resolve("a.yaml")))
        .isInstanceOf(DescriberException.class)
        .hasMessageStartingWith("describer com.example.Missing cannot be loaded from the project's runtime classpath");
  }

  @Test
  void a_class_that_is_not_a_supplier_is_refused(@TempDir Path dir) {
    assertThatThrownBy(() -> DescriberRun.write(CLASSPATH, Describers.NotASupplier.class.getName(),
        dir.resolve("a.yaml")))
        .hasMessageEndingWith("must implement java.util.function.Supplier<io.tributary.asyncapi.AsyncApiDocument>");
  }

  @Test
  void a_describer_without_a_no_argument_constructor_is_refused(@TempDir Path dir) {
    assertThatThrownBy(() -> DescriberRun.write(CLASSPATH, Describers.NeedsArguments.class.getName(),
        dir.resolve("a.yaml")))
        .hasMessageEndingWith("needs a public no-argument constructor");
  }

  @Test
  void a_describer_that_throws_fails_with_its_exception(@TempDir Path dir) {
    assertThatThrownBy(() -> DescriberRun.write(CLASSPATH, Describers.Throws.class.getName(),
        dir.resolve("a.yaml")))
        .hasMessageContaining("failed: java.lang.IllegalStateException: no broker at 127.0.0.1:9092")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(dir.resolve("a.yaml")).doesNotExist();
  }

  @Test
  void a_supplier_of_something_else_is_refused(@TempDir Path dir) {
    assertThatThrownBy(() -> DescriberRun.write(CLASSPATH, Describers.WrongType.class.getName(),
        dir.resolve("a.yaml")))
        .hasMessageContaining("must return an io.tributary.asyncapi.AsyncApiDocument")
        .hasMessageEndingWith("returned java.lang.String");
  }
}
