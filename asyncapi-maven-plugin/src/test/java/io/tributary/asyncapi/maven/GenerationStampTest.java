package io.tributary.asyncapi.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate goal's record of its last run: what counts as unchanged, and which files become stale. */
class GenerationStampTest {

  @Test
  void a_run_with_the_same_document_package_and_generator_is_up_to_date(@TempDir Path dir) throws Exception {
    Path doc = Files.writeString(dir.resolve("orders.yaml"), "asyncapi: 3.0.0\n");
    Path out = dir.resolve("out");
    GenerationStamp.of(doc, "com.example", "gen@1").withFiles(Set.of("com/example/Order.java")).write(out);

    GenerationStamp previous = GenerationStamp.read(out);

    assertThat(previous.files()).containsExactly("com/example/Order.java");
    assertThat(GenerationStamp.of(doc, "com.example", "gen@1").sameInputs(previous)).isTrue();
    assertThat(GenerationStamp.of(doc, "com.other", "gen@1").sameInputs(previous)).isFalse();
    assertThat(GenerationStamp.of(doc, null, "gen@1").sameInputs(previous)).isFalse();
    assertThat(GenerationStamp.of(doc, "com.example", "gen@2").sameInputs(previous)).isFalse();
    Files.writeString(doc, "asyncapi: 3.0.0\ninfo: {}\n");
    assertThat(GenerationStamp.of(doc, "com.example", "gen@1").sameInputs(previous)).isFalse();
  }

  @Test
  void without_a_stamp_nothing_is_up_to_date(@TempDir Path dir) throws Exception {
    Path doc = Files.writeString(dir.resolve("orders.yaml"), "asyncapi: 3.0.0\n");

    assertThat(GenerationStamp.of(doc, null, "gen@1").sameInputs(GenerationStamp.read(dir.resolve("none")))).isFalse();
  }

  @Test
  void files_the_new_run_does_not_generate_are_deleted_and_nothing_outside_the_output(@TempDir Path dir)
      throws Exception {
    Path out = Files.createDirectories(dir.resolve("out/p"));
    Files.writeString(out.resolve("Kept.java"), "");
    Files.writeString(out.resolve("Gone.java"), "");
    Path outside = Files.writeString(dir.resolve("Outside.java"), "");
    GenerationStamp previous = new GenerationStamp("x", "p", "g", Set.of("p/Kept.java", "p/Gone.java",
        "../Outside.java"));

    previous.deleteFilesNotIn(dir.resolve("out"), Set.of("p/Kept.java"));

    assertThat(out.resolve("Kept.java")).exists();
    assertThat(out.resolve("Gone.java")).doesNotExist();
    assertThat(outside).exists();
  }
}
