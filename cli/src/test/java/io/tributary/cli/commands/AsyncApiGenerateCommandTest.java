package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary asyncapi generate DOC --out DIR [--package P]}: one summary line on success; a missing
 * document or a document the generator refuses exits 2 with one line on stderr and no stack trace; the
 * parent command {@code asyncapi FILE} is unchanged.
 */
class AsyncApiGenerateCommandTest {

  /** The embedding sample's checked-in document: a Kafka intake of orders, a hub topic. */
  private static final Path ORDER_SERVICE = Path.of("..", "samples", "asyncapi", "order-service.yaml");

  @Test
  void a_missing_document_exits_two_naming_it(@TempDir Path dir) {
    Path missing = dir.resolve("nothing.yaml");
    CommandRun run = CommandRun.of("asyncapi", "generate", missing.toString(), "--out", dir.resolve("src").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly("asyncapi generate: " + missing + ": no such file "
        + "(the AsyncAPI document to generate from)");
    assertThat(dir.resolve("src")).doesNotExist();
  }

  @Test
  void a_directory_is_not_a_document(@TempDir Path dir) {
    CommandRun run = CommandRun.of("asyncapi", "generate", dir.toString(), "--out", dir.resolve("src").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no such file").doesNotContain("\tat ");
  }

  @Test
  void out_is_required() {
    CommandRun run = CommandRun.of("asyncapi", "generate", ORDER_SERVICE.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--out").doesNotContain("\tat ");
  }

  @Test
  void help_names_the_flags() {
    CommandRun run = CommandRun.of("asyncapi", "generate", "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("DOC", "--out=DIR", "--package=P");
  }

  @Test
  void asyncapi_without_a_file_or_subcommand_still_asks_for_the_file() {
    CommandRun run = CommandRun.of("asyncapi");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'FILE'").doesNotContain("\tat ");
  }

  @Test
  void asyncapi_help_lists_generate() {
    CommandRun run = CommandRun.of("asyncapi", "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("FILE", "generate");
  }

  @Test
  void generates_the_sample_document_into_the_package_given(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("src");
    CommandRun run = CommandRun.of("asyncapi", "generate", ORDER_SERVICE.toString(), "--out", out.toString(),
        "--package", "com.example.orders");

    assertThat(run.code()).as(run.err()).isZero();
    List<Path> files = javaFiles(out);
    assertThat(run.outLines()).containsExactly(
        "asyncapi generate: wrote " + files.size() + " files to " + out + " (package com.example.orders)");
    assertThat(files).isNotEmpty().allMatch(f -> out.relativize(f).startsWith(Path.of("com", "example", "orders")));
    assertThat(files).anyMatch(f -> f.getFileName().toString().equals("Order.java"));
  }

  @Test
  void without_a_package_the_title_gives_it(@TempDir Path dir) {
    CommandRun run = CommandRun.of("asyncapi", "generate", ORDER_SERVICE.toString(), "--out", dir.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("(package generated.orderservice)" + System.lineSeparator());
  }

  @Test
  void a_document_the_generator_refuses_exits_two_with_its_pointer(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("old.yaml");
    Files.writeString(doc, "asyncapi: 2.6.0\ninfo:\n  title: old\n  version: 1.0.0\nchannels: {}\n");

    CommandRun run = CommandRun.of("asyncapi", "generate", doc.toString(), "--out", dir.resolve("src").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("asyncapi generate: #/asyncapi: ");
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
