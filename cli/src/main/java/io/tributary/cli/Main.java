package io.tributary.cli;

import io.tributary.cli.commands.AsyncApiCommand;
import io.tributary.cli.commands.BrokerCommand;
import io.tributary.cli.commands.ConsumeCommand;
import io.tributary.cli.commands.NodeCommand;
import io.tributary.cli.commands.ProduceCommand;
import io.tributary.cli.commands.PipelineCommand;
import io.tributary.cli.top.TopCommand;
import java.util.Comparator;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tributary} command: {@code broker}, {@code produce}, {@code consume}, {@code pipeline},
 * {@code node} (one node of a cluster), {@code asyncapi} (the AsyncAPI document of a pipeline), {@code top}
 * (a live view of a running process),
 * and the commands other jars on the classpath add ({@link
 * TributaryCommand}: the samples add {@code demo}, {@code cluster-demo}, {@code broadcast} and {@code
 * embedding}). {@code ./tributary <command> --help} describes each command.
 */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    version = "tributary 0.1.0-SNAPSHOT",
    description = "Actor-based event processing on Apache Pekko: brokers, producers, consumers, pipelines and samples.",
    subcommands = {BrokerCommand.class, ProduceCommand.class, ConsumeCommand.class, PipelineCommand.class,
        NodeCommand.class, AsyncApiCommand.class, TopCommand.class})
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
    CommandLine commandLine = new CommandLine(new Main());
    ServiceLoader.load(TributaryCommand.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(command -> command.getClass().getName()))
        .forEach(commandLine::addSubcommand);
    return commandLine.execute(args);
  }
}
