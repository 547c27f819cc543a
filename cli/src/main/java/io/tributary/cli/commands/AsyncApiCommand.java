package io.tributary.cli.commands;

import com.typesafe.config.ConfigException;
import io.tributary.asyncapi.AsyncApi;
import io.tributary.asyncapi.AsyncApiDocument;
import io.tributary.pipeline.Pipeline;
import io.tributary.pipeline.config.ConfigError;
import io.tributary.pipeline.config.PipelineConfigException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary asyncapi FILE}: prints the AsyncAPI 3.0.0 document of a pipeline config, built
 * from its options without connecting to anything: its {@code kafka}, {@code amqp} and {@code nats}
 * sources receive (and send to their dead-letter destinations), its broker sinks send; other
 * components are not channels. Events are described as JSON objects. An invalid config prints every
 * problem to stderr, one per line, and exits 2, as {@code ./tributary pipeline --check} does.
 *
 * <p>Its subcommand {@code generate} goes the other way, from a document to Java code ({@link
 * AsyncApiGenerateCommand}).
 */
@Command(name = "asyncapi", mixinStandardHelpOptions = true,
    description = "Prints the AsyncAPI 3.0.0 document of a pipeline config (its broker sources and sinks); "
        + "`asyncapi generate` generates Java code from a document.",
    // FILE is optional for picocli only (see below): the synopsis shows what is really required
    customSynopsis = {
        "tributary asyncapi [OPTIONS] FILE",
        "       tributary asyncapi generate DOC --out=DIR [--package=P]"},
    subcommands = AsyncApiGenerateCommand.class)
public final class AsyncApiCommand implements Callable<Integer> {

  /** Exit code when the config is invalid. */
  static final int EXIT_INVALID_CONFIG = 2;

  /** Output formats. */
  enum Format { yaml, json }

  // optional for picocli, so that `asyncapi generate ...` is not refused for want of a FILE; call() requires it
  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The pipeline config (HOCON).")
  private Path file;

  @Spec
  private CommandSpec spec;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Overrides a config value, as for `tributary pipeline` (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Option(names = "--title", paramLabel = "TITLE",
      description = "info.title (default: the pipeline's name, the file name without extension).")
  private String title;

  @Option(names = "--api-version", paramLabel = "VERSION", defaultValue = "1.0.0",
      description = "info.version (default: ${DEFAULT-VALUE}).")
  private String apiVersion;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
      description = "yaml or json (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(names = {"-o", "--out"}, paramLabel = "OUT",
      description = "Write the document to this file instead of stdout.")
  private Path out;

  @Override
  public Integer call() {
    if (file == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
    }
    AsyncApiDocument document;
    try {
      Pipeline pipeline = Pipeline.load(file, overrides);
      document = AsyncApi.document(title != null ? title : pipeline.name(), apiVersion,
          "The broker channels of the Tributary pipeline " + file.getFileName() + ".", List.of(pipeline));
    } catch (PipelineConfigException e) {
      for (ConfigError error : e.errors()) {
        System.err.println(error);
      }
      return EXIT_INVALID_CONFIG;
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("tributary asyncapi: " + file + ": " + e.getMessage());
      return EXIT_INVALID_CONFIG;
    }
    if (out != null) {
      try {
        document.write(out);
      } catch (UncheckedIOException e) {
        System.err.println("tributary asyncapi: " + e.getMessage());
        return 1;
      }
      System.err.println(out + ": written");
      return 0;
    }
    System.out.print(format == Format.json ? document.toJson() : document.toYaml());
    System.out.flush();
    return 0;
  }
}
