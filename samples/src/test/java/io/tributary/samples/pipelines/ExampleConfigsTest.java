package io.tributary.samples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example config under {@code pipelines/} passes {@code tributary pipeline --check}. */
class ExampleConfigsTest {

  @Test
  void the_shipped_example_configs_are_valid() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("pipelines"))) {
      examples = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    for (Path example : examples) {
      CommandRun run = CommandRun.of("pipeline", example.toString(), "--check");
      assertThat(run.code()).as(example + ": " + run.err()).isZero();
      assertThat(run.err()).contains(example.getFileName() + ": ok (");
    }
  }
}
