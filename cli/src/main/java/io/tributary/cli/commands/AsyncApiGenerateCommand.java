package io.tributary.cli.commands;

import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.GeneratedSources;
import io.tributary.asyncapi.codegen.GenerationException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tributary asyncapi generate DOC.yaml --out DIR [--package P]}: Java sources from an AsyncAPI
 * document into a source root, as the Maven plugin's goal {@code generate} does ({@link AsyncApiGenerator}).
 * Prints {@code asyncapi generate: wrote N files to DIR (package P)}. A document the generator refuses
 * prints {@code asyncapi generate: <pointer>: <problem>} to stderr and exits 2, as does a missing document;
 * an output directory that cannot be written exits 1.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generates Java sources (payload records, handlers, publishers) from an AsyncAPI document.")
public final class AsyncApiGenerateCommand implements Callable<Integer> {

  /** Exit code when the document is missing or the generator refuses it. */
  static final int EXIT_INVALID_DOCUMENT = 2;
  /** Exit code when the sources cannot be written. */
  static final int EXIT_WRITE_FAILED = 1;

  @Parameters(index = "0", paramLabel = "DOC", description = "The AsyncAPI 3.0 or 3.1 document (YAML or JSON).")
  private Path document;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The source root to write to (directories created, files overwritten).")
  private Path out;

  @Option(names = "--package", paramLabel = "P",
      description = "The package of the generated code (default: generated. and the document's title).")
  private String packageName;

  /** Creates the command; picocli sets its options. */
  public AsyncApiGenerateCommand() {}

  @Override
  public Integer call() {
    if (!Files.isRegularFile(document)) {
      System.err.println("asyncapi generate: " + document + ": no such file (the AsyncAPI document to generate from)");
      return EXIT_INVALID_DOCUMENT;
    }
    GeneratedSources sources;
    try {
      sources = AsyncApiGenerator.generate(document, packageName);
    } catch (GenerationException e) {
      System.err.println("asyncapi generate: " + e.pointer() + ": " + e.problem());
      return EXIT_INVALID_DOCUMENT;
    } catch (UncheckedIOException e) {
      System.err.println("asyncapi generate: " + e.getMessage());
      return EXIT_INVALID_DOCUMENT;
    }
    try {
      sources.writeTo(out);
    } catch (UncheckedIOException e) {
      System.err.println("asyncapi generate: " + e.getMessage());
      return EXIT_WRITE_FAILED;
    }
    System.out.println("asyncapi generate: wrote " + sources.files().size() + " files to " + out
        + " (package " + sources.packageName() + ")");
    return 0;
  }
}
