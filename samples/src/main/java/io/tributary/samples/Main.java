package io.tributary.samples;

import io.tributary.samples.broadcast.BroadcastCommand;
import io.tributary.samples.demo.DemoCommand;
import io.tributary.samples.embedding.EmbeddingCommand;
import io.tributary.samples.kafka.BrokerCommand;
import io.tributary.samples.kafka.ConsumeCommand;
import io.tributary.samples.kafka.ProduceCommand;
import io.tributary.samples.pipeline.PipelineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tributary} command: runs the samples. {@code ./tributary <command> --help} describes
 * each command.
 */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    version = "tributary 0.1.0-SNAPSHOT",
    description = "Actor-based event processing on Apache Pekko: samples and tools.",
    subcommands = {DemoCommand.class, BroadcastCommand.class, BrokerCommand.class, ProduceCommand.class,
        ConsumeCommand.class, EmbeddingCommand.class, PipelineCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs the command line and exits with the command's exit code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
