package io.tributary.cli.commands;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.embedded.kafka.EmbeddedKafkaException;
import io.tributary.streams.settings.SecretReferences;
import io.tributary.streams.settings.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary broker [--port 9092] [--data-dir DIR] [--topic NAME[:PARTITIONS]]... [--no-auto-create-topics]}:
 * runs the embedded Kafka broker (Apache Kafka in KRaft mode, see {@link EmbeddedKafkaBroker}) in the foreground until
 * SIGTERM or Ctrl-C.
 *
 * <p>It behaves like a stock single-node Kafka for any client (Java, rdkafka's kcat, ...): a topic is created when a
 * client first uses it ({@code auto.create.topics.enable}, with 1 partition), unless {@code --no-auto-create-topics}
 * turns that off. Each {@code --topic} is created at start (1 partition unless given; an existing one is kept) and
 * served before the ready line.
 *
 * <p>Once the broker is ready it prints exactly one line on stdout, {@code bootstrap.servers=127.0.0.1:<port>}, and
 * flushes it, so a script can wait for that line. With {@code --security sasl_ssl --user U --password W} or
 * {@code --security mtls} the listener on that port is secured (docs/decisions/0006-security.md), the TLS files go to
 * {@code --tls-dir}, and a second line follows: {@code client.config=DIR/client.properties}. Without {@code --data-dir} the data lives in a temporary directory
 * deleted at the stop; with it, topics and records survive a restart. {@code --port 0} picks a free port (the line
 * tells which).
 *
 * <p>SIGTERM and Ctrl-C (SIGINT) take the JVM shutdown-hook path: the hook stops the broker (SIGTERM to its child
 * JVM, a forcible kill after 15 s), then ends the process with exit code 0. When the broker cannot start, or its child
 * JVM dies on its own, the command explains on stderr and exits 1.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Runs the embedded Kafka broker (KRaft) on 127.0.0.1 in the foreground until SIGTERM or Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(BrokerCommand.class);

  /** Who ends the run: the shutdown hook (a signal) or the command itself (a failure). */
  private enum Phase { STARTING, SERVING, STOPPING_ON_SIGNAL, ENDED_BY_COMMAND }

  @Spec
  private CommandSpec spec;

  @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
      description = "The broker's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  private int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the broker's data here across restarts (default: a temporary directory, deleted at the stop).")
  private Path dataDir;

  @Option(names = "--topic", paramLabel = "NAME[:PARTITIONS]",
      description = "Create this topic at start, before the ready line (1 partition unless given, as Kafka's "
          + "num.partitions; an existing topic is kept as it is). Repeatable.")
  private List<String> topics = new ArrayList<>();

  @Option(names = "--no-auto-create-topics",
      description = "Refuse clients' use of a missing topic (stock Kafka, and this command by default, create it).")
  private boolean noAutoCreateTopics;

  @Option(names = "--security", defaultValue = "plaintext", paramLabel = "MODE",
      description = "How the client listener is secured: plaintext (default), sasl_ssl (TLS with a throwaway CA, "
          + "SCRAM-SHA-512 or PLAIN for --user/--password) or mtls (TLS, client certificate required).")
  private String security;

  @Option(names = "--user", paramLabel = "U", description = "sasl_ssl: the user clients authenticate as.")
  private String user;

  @Option(names = "--password", paramLabel = "W",
      description = "sasl_ssl: the user's password; ${env:NAME} or ${file:PATH} read it from the environment or a "
          + "file instead of the command line.")
  private String password;

  @Option(names = "--tls-dir", paramLabel = "DIR",
      description = "sasl_ssl/mtls: write ca.pem, truststore.p12, client.properties (and client.p12) here "
          + "(default: in the data directory).")
  private Path tlsDir;

  /** Partitions of a {@code --topic} given without a count: the broker's {@code num.partitions}, as stock Kafka. */
  static final int DEFAULT_TOPIC_PARTITIONS = 1;

  /** A topic to create at start. */
  record TopicSpec(String name, int partitions) {
  }

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 (a free port) or 1-65535, got " + port);
    }
    List<TopicSpec> initialTopics = parseTopics();
    EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir)
        .autoCreateTopics(!noAutoCreateTopics).tlsDir(tlsDir);
    secure(builder);
    EmbeddedKafkaBroker broker = builder.build();
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    Thread hook = new Thread(() -> stopOnSignal(broker, phase), "tributary-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return serve(broker, initialTopics, phase);
    } finally {
      // only reached when the command ends on its own; after a signal the hook halts the JVM first
      if (phase.compareAndSet(Phase.STARTING, Phase.ENDED_BY_COMMAND)
          || phase.compareAndSet(Phase.SERVING, Phase.ENDED_BY_COMMAND)) {
        broker.close();
        removeHook(hook);
      }
    }
  }

  private void secure(EmbeddedKafkaBroker.Builder builder) {
    String mode = security.toLowerCase(java.util.Locale.ROOT);
    boolean credentials = user != null || password != null;
    switch (mode) {
      case "plaintext" -> {
        if (credentials || tlsDir != null) {
          throw new ParameterException(spec.commandLine(), "--user, --password and --tls-dir need --security "
              + "sasl_ssl (or mtls for --tls-dir)");
        }
      }
      case "sasl_ssl" -> {
        if (user == null || password == null) {
          throw new ParameterException(spec.commandLine(), "--security sasl_ssl needs --user and --password");
        }
        try {
          builder.saslSsl(user, SecretReferences.resolve(password));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--security sasl_ssl: " + e.getMessage(), e);
        }
      }
      case "mtls" -> {
        if (credentials) {
          throw new ParameterException(spec.commandLine(), "--security mtls authenticates by client certificate: "
              + "drop --user and --password");
        }
        builder.mutualTls();
      }
      default -> throw new ParameterException(spec.commandLine(), "--security must be plaintext, sasl_ssl or mtls, "
          + "got '" + security + "'");
    }
  }

  private List<TopicSpec> parseTopics() {
    List<TopicSpec> result = new ArrayList<>();
    for (String topic : topics) {
      int colon = topic.lastIndexOf(':');
      String name = colon < 0 ? topic : topic.substring(0, colon);
      int partitions = DEFAULT_TOPIC_PARTITIONS;
      if (colon >= 0) {
        try {
          partitions = Integer.parseInt(topic.substring(colon + 1));
        } catch (NumberFormatException e) {
          partitions = 0;
        }
        if (partitions < 1) {
          throw new ParameterException(spec.commandLine(), "--topic " + topic + ": the partition count after ':' "
              + "must be a whole number of 1 or more, e.g. --topic orders:4");
        }
      }
      if (name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new ParameterException(spec.commandLine(), "--topic " + topic + ": '" + name + "' is not a valid Kafka "
            + "topic name (1 to 249 of the characters a-z A-Z 0-9 . _ -)");
      }
      result.add(new TopicSpec(name, partitions));
    }
    return result;
  }

  private int serve(EmbeddedKafkaBroker broker, List<TopicSpec> initialTopics, AtomicReference<Phase> phase) {
    try {
      broker.start();
      for (TopicSpec topic : initialTopics) {
        broker.createTopic(topic.name(), topic.partitions());
        log.info("Topic {} ready with {} partition(s)", topic.name(), topic.partitions());
      }
    } catch (EmbeddedKafkaException e) {
      if (phase.get() == Phase.STOPPING_ON_SIGNAL) {
        return 0; // stopped while starting: the hook finishes the stop
      }
      System.err.println("tributary broker: could not start the embedded Kafka broker on 127.0.0.1:" + port + ": "
          + Secrets.text(e.getMessage()));
      return 1;
    } catch (IllegalStateException e) {
      if (phase.get() == Phase.STOPPING_ON_SIGNAL) {
        return 0; // stopped while creating the topics
      }
      throw e;
    }
    if (!phase.compareAndSet(Phase.STARTING, Phase.SERVING)) {
      return 0; // a signal came while starting
    }
    System.out.println("bootstrap.servers=" + broker.bootstrapServers());
    broker.clientConfigFile().ifPresent(file -> System.out.println("client.config=" + file));
    System.out.flush();
    log.info("Kafka broker running at {} (data dir {}); stop it with Ctrl-C or SIGTERM", broker.bootstrapServers(),
        broker.dataDir());

    ProcessHandle child = broker.process().orElseThrow();
    child.onExit().join(); // the broker's JVM ends on a signal (the hook stops it) or when it dies on its own
    if (phase.get() == Phase.STOPPING_ON_SIGNAL) {
      return 0;
    }
    System.err.println("tributary broker: the embedded Kafka broker's JVM (pid " + child.pid() + ") exited on its "
        + "own. " + (dataDir == null
            ? "Its log was in the temporary data directory, which is deleted now: run with --data-dir DIR to keep it."
            : "See its log " + broker.logFile() + "."));
    return 1;
  }

  /**
   * The shutdown hook: on a signal (the command did not end on its own) it stops the broker and ends the JVM with
   * exit code 0, the status of a clean stop, instead of the signal's 128+n.
   */
  private static void stopOnSignal(EmbeddedKafkaBroker broker, AtomicReference<Phase> phase) {
    Phase before = phase.getAndUpdate(p -> p == Phase.ENDED_BY_COMMAND ? p : Phase.STOPPING_ON_SIGNAL);
    if (before == Phase.ENDED_BY_COMMAND) {
      broker.close(); // does nothing when the command closed it already; keeps the command's exit code
      return;
    }
    log.info("Stopping the Kafka broker (signal received)");
    broker.close();
    log.info("Kafka broker stopped");
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook runs and sees that the command ended on its own
    }
  }
}
