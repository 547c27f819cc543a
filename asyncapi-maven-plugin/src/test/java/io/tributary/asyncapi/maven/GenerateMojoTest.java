package io.tributary.asyncapi.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate goal on a plain {@link MavenProject}: skipping, a missing document, up to date, generating. */
class GenerateMojoTest {

  private static final String DOCUMENT = """
      asyncapi: 3.0.0
      info:
        title: Orders API
        version: 1.0.0
      servers:
        kafka:
          host: 127.0.0.1:9092
          protocol: kafka
      channels:
        orders:
          address: orders
          messages:
            Order:
              $ref: '#/components/messages/Order'
      operations:
        receiveOrders:
          action: receive
          channel:
            $ref: '#/channels/orders'
      components:
        messages:
          Order:
            payload:
              type: object
              properties:
                id:
                  type: string
              required: [id]
      """;

  @TempDir
  Path dir;

  private GenerateMojo mojo(Path document, String packageName) {
    GenerateMojo mojo = new GenerateMojo();
    mojo.inputSpec = document.toFile();
    mojo.packageName = packageName;
    mojo.output = dir.resolve("target/generated-sources/asyncapi").toFile();
    mojo.project = new MavenProject();
    return mojo;
  }

  @Test
  void skip_generates_nothing_and_adds_no_source_root() throws Exception {
    GenerateMojo mojo = mojo(dir.resolve("missing.yaml"), null);
    mojo.skip = true;

    mojo.execute();

    assertThat(mojo.output).doesNotExist();
    assertThat(mojo.project.getCompileSourceRoots()).isEmpty();
  }

  @Test
  void a_missing_document_fails_the_build_naming_it() {
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> mojo(missing, null).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("asyncapi generate: the document " + missing
            + " does not exist; set <inputSpec> to the AsyncAPI document to generate from");
  }

  @Test
  void an_unchanged_document_is_not_generated_again_but_its_sources_compile() throws Exception {
    Path document = Files.writeString(dir.resolve("orders.yaml"), DOCUMENT);
    GenerateMojo mojo = mojo(document, "com.example.orders");
    GenerationStamp.of(document, "com.example.orders", GenerateMojo.generatorVersion())
        .withFiles(Set.of("com/example/orders/Order.java")).write(mojo.output.toPath());

    mojo.execute(); // the generator is not called: in a build without it, it would throw

    assertThat(mojo.project.getCompileSourceRoots()).containsExactly(mojo.output.getAbsolutePath());
  }

  @Test
  void generates_into_the_output_and_adds_it_as_a_source_root() throws Exception {
    Path document = Files.writeString(dir.resolve("orders.yaml"), DOCUMENT);
    GenerateMojo mojo = mojo(document, "com.example.orders");

    mojo.execute();

    Path root = mojo.output.toPath();
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(f -> f.toString().endsWith(".java")))
          .isNotEmpty()
          .allMatch(f -> root.relativize(f).startsWith(Path.of("com", "example", "orders")));
    }
    assertThat(root.resolve(GenerationStamp.FILE)).exists();
    assertThat(mojo.project.getCompileSourceRoots()).containsExactly(mojo.output.getAbsolutePath());
  }

  @Test
  void a_document_the_generator_refuses_fails_with_the_pointer_and_no_stack_trace() throws Exception {
    Path document = Files.writeString(dir.resolve("old.yaml"),
        "asyncapi: 2.6.0\ninfo:\n  title: old\n  version: 1.0.0\nchannels: {}\n");

    assertThatThrownBy(() -> mojo(document, null).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(document + ": #/asyncapi: ")
        .hasNoCause();
  }
}
