package io.tributary.cli.commands;

import io.tributary.streams.settings.Secrets;
import io.tributary.cli.broker.AmqpConsumeTarget;
import io.tributary.cli.broker.Broker;
import io.tributary.cli.broker.Endpoints;
import io.tributary.cli.broker.ConsumeTarget;
import io.tributary.cli.broker.KafkaConsumeTarget;
import io.tributary.cli.runtime.ClientConfigOption;
import io.tributary.cli.broker.NatsConsumeTarget;
import io.tributary.cli.broker.RunningConsumer;
import io.tributary.cli.runtime.MetricsPortOption;
import io.tributary.cli.runtime.ServiceRuntime;
import io.tributary.cli.runtime.SimulatedIo;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary consume}: an rdkafka {@code StreamConsumer} loop, grown up, for Kafka,
 * RabbitMQ or NATS JetStream. Consumes a topic, queue or stream with a handler per message —
 * ordered per key, {@code --parallelism} in flight — that waits {@code --handler-delay-ms} without
 * holding a thread (simulated I/O), then appends {@code <col1>\t<col2>\t<key>\t<value>} to the
 * output and flushes it before the message may be acknowledged; the first two columns say where
 * the message came from (partition and offset, queue and delivery tag, stream and stream
 * sequence). At-least-once: nothing is acknowledged or committed before its line is out. SIGTERM
 * or Ctrl-C stops intake, drains, acknowledges/commits and exits 0; with {@code --max-idle-seconds}
 * it does the same after that long without a new message. When the drain timeout cuts the stop
 * short, it exits 3 and the unfinished messages are consumed again after a restart; a second
 * signal stops at once (exit 130).
 *
 * <p>With {@code --exactly-once --output-topic T} (Kafka), each record's key and value are also produced to
 * {@code T} in the Kafka transaction that commits its offset ({@link
 * io.tributary.connectors.kafka.TransactionalKafkaRunner}): consumers of {@code T} with {@code
 * isolation.level=read_committed} see each input record exactly once, whatever crashes; the output line stays a side
 * effect, written at least once. {@code --commit-batch} and {@code --commit-interval-ms} then bound a transaction.
 *
 * <p>The broker is chosen by {@code --bootstrap-servers} (with {@code --topic} and {@code
 * --group}), {@code --amqp-uri} (with {@code --queue}) or {@code --nats-url} (with {@code
 * --stream}); its specific part is a {@link ConsumeTarget}.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Consumes a Kafka topic, a RabbitMQ queue or a NATS JetStream stream: a handler per message, "
        + "ordered per key, at-least-once acknowledgements, graceful stop.")
public final class ConsumeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ConsumeCommand.class);
  /** The exit code of a stop that abandoned started records at the drain deadline. */
  static final int EXIT_ABANDONED = 3;
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");

  @Spec
  private CommandSpec spec;

  @Mixin
  private MetricsPortOption metrics;

  @Mixin
  private ClientConfigOption clientConfig;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka: the bootstrap servers (with --topic and --group).")
  private String bootstrapServers;

  @Option(names = "--topic", paramLabel = "T", description = "Kafka: the topic to consume.")
  private String topic;

  @Option(names = "--group", paramLabel = "G",
      description = "Kafka: the consumer group (required). NATS: the durable consumer's name (default: "
          + NatsConsumeTarget.DEFAULT_DURABLE + ").")
  private String group;

  @Option(names = "--amqp-uri", paramLabel = "URI",
      description = "RabbitMQ: the broker, e.g. amqp://guest:guest@127.0.0.1:5672 (with --queue).")
  private String amqpUri;

  @Option(names = "--queue", paramLabel = "Q",
      description = "RabbitMQ: the queue to consume (declared durable if missing).")
  private String queue;

  @Option(names = "--nats-url", paramLabel = "URL",
      description = "NATS JetStream: the server(s), e.g. nats://127.0.0.1:4222 (with --stream).")
  private String natsUrl;

  @Option(names = "--stream", paramLabel = "S", description = "NATS: the JetStream stream to consume.")
  private String stream;

  @Option(names = "--subject", paramLabel = "SUBJECT",
      description = "NATS: consume only the stream's messages on this subject (wildcards allowed).")
  private String subject;

  @Option(names = "--parallelism", defaultValue = "16", paramLabel = "P",
      description = "Handlers in flight at most, across keys (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(names = "--handler-delay-ms", defaultValue = "0", paramLabel = "D",
      description = "Simulated I/O per record, without blocking a thread (default: ${DEFAULT-VALUE}).")
  private long handlerDelayMs;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Append one line per record here (default: stdout).")
  private Path out;

  @Option(names = "--max-idle-seconds", paramLabel = "S",
      description = "Stop (after acknowledging) once S seconds pass without a new message, counted from when "
          + "the consumer is attached.")
  private Integer maxIdleSeconds;

  @Option(names = "--drain-timeout-seconds", defaultValue = "10", paramLabel = "S",
      description = "How long a stop waits for in-flight records (default: ${DEFAULT-VALUE}).")
  private int drainTimeoutSeconds;

  @Option(names = "--commit-batch", defaultValue = "5000", paramLabel = "N",
      description = "Kafka: commit after N acknowledged records (default: ${DEFAULT-VALUE}).")
  private int commitBatch;

  @Option(names = "--commit-interval-ms", defaultValue = "1000", paramLabel = "MS",
      description = "Kafka: commit at least this often while records are acknowledged (default: ${DEFAULT-VALUE}).")
  private long commitIntervalMs;

  @Option(names = "--exactly-once",
      description = "Kafka: exactly-once to --output-topic: each record's value (and key) is produced there and its "
          + "offset committed in one transaction; read the output with isolation.level=read_committed.")
  private boolean exactlyOnce;

  @Option(names = "--output-topic", paramLabel = "T",
      description = "Kafka, with --exactly-once: the topic each record's value is produced to.")
  private String outputTopic;

  @Option(names = "--transactional-id", paramLabel = "ID",
      description = "Kafka, with --exactly-once: the producer's transactional.id, one per instance and stable "
          + "across restarts (default: <group>-tx-0).")
  private String transactionalId;

  @Option(names = "--hang-on-id", hidden = true, paramLabel = "ID",
      description = "Testing: the handler of the record with this id never finishes.")
  private Long hangOnId;

  @Option(names = "--hang-on-nth", hidden = true, paramLabel = "N",
      description = "Testing: the handler of the N-th record this process handles never finishes.")
  private Long hangOnNth;

  @Override
  public Integer call() {
    if (parallelism < 1) {
      throw new ParameterException(spec.commandLine(), "--parallelism must be >= 1, got " + parallelism);
    }
    if (handlerDelayMs < 0) {
      throw new ParameterException(spec.commandLine(), "--handler-delay-ms must be >= 0, got " + handlerDelayMs);
    }
    if (maxIdleSeconds != null && maxIdleSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--max-idle-seconds must be >= 1, got " + maxIdleSeconds);
    }
    if (drainTimeoutSeconds < 0) {
      throw new ParameterException(spec.commandLine(),
          "--drain-timeout-seconds must be >= 0, got " + drainTimeoutSeconds);
    }
    if (commitBatch < 1) {
      throw new ParameterException(spec.commandLine(), "--commit-batch must be >= 1, got " + commitBatch);
    }
    if (commitIntervalMs < 1) {
      throw new ParameterException(spec.commandLine(), "--commit-interval-ms must be >= 1, got " + commitIntervalMs);
    }
    ConsumeTarget target = target();
    Duration drainTimeout = Duration.ofSeconds(drainTimeoutSeconds);
    ServiceRuntime runtime = ServiceRuntime.start("tributary-consume", drainTimeout).handleSignals();
    if (!metrics.serve(runtime, "consume")) {
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    LineOutput output;
    try {
      output = LineOutput.open(out);
    } catch (java.io.IOException e) {
      System.err.println("tributary consume: cannot open --out " + out + ": " + e.getMessage());
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    ProcessingSettings processing = ProcessingSettings.defaults()
        .withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(parallelism);
    AtomicLong lastRecord = new AtomicLong(System.nanoTime());
    AtomicLong handled = new AtomicLong();
    Function<Envelope<String>, CompletionStage<Done>> handler = envelope -> {
      lastRecord.set(System.nanoTime());
      long nth = handled.incrementAndGet();
      if ((hangOnId != null && hangOnId.equals(idOf(envelope.payload())))
          || (hangOnNth != null && hangOnNth == nth)) {
        log.warn("testing: the handler of {} never finishes", envelope.position());
        return new CompletableFuture<Done>();
      }
      return SimulatedIo.after(handlerDelayMs, envelope).thenApply(e -> {
        output.append(line(target, e));
        return Done.getInstance();
      });
    };

    RunningConsumer consumer;
    try {
      consumer = target.start(runtime.system(), processing, handler);
    } catch (CommandFailedException e) {
      System.err.println("tributary consume: " + Secrets.text(e.getMessage()));
      output.close();
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    Lifecycle.Registration registration = Lifecycle.register(runtime.system(), consumer.runner(), drainTimeout);
    // The output is a handler dependency: it closes in service-stop, after the drain.
    Lifecycle.closeOnStop(runtime.system(), "consume-output", output);
    consumer.completion().whenComplete((done, error) -> {
      if (error != null && !runtime.isShuttingDown()) {
        log.error("consumer failed: {}", Secrets.text(error.toString()));
        runtime.shutdown(1);
      }
    });
    registration.stopped().thenRun(() -> {
      if (consumer.abandoned() > 0) {
        runtime.failWith(EXIT_ABANDONED); // cut short: the abandoned records are processed again after a restart
      }
    });
    if (maxIdleSeconds != null) {
      long idleNanos = TimeUnit.SECONDS.toNanos(maxIdleSeconds);
      AtomicBoolean attached = new AtomicBoolean();
      runtime.system().scheduler().scheduleAtFixedRate(Duration.ofMillis(200), Duration.ofMillis(200), () -> {
        // Idle time counts from when the consumer is attached: joining a Kafka group can take a session timeout.
        if (!attached.get()) {
          if (!consumer.isAttached()) {
            return;
          }
          attached.set(true);
          lastRecord.set(System.nanoTime());
        }
        if (System.nanoTime() - lastRecord.get() >= idleNanos && consumer.openMessages() == 0) {
          log.info("no new record for {} s: stopping", maxIdleSeconds);
          runtime.shutdown(0);
        }
      }, runtime.system().executionContext());
    }
    return runtime.awaitExit();
  }

  /** Chooses the broker from the options and builds its part; a usage error when the options do not fit. */
  private ConsumeTarget target() {
    Broker broker = Broker.choose(spec,
        Map.of(Broker.KAFKA, List.of("--topic", "--group"), Broker.AMQP, List.of("--queue"),
            Broker.NATS, List.of("--stream")),
        Map.of("--topic", Set.of(Broker.KAFKA), "--group", Set.of(Broker.KAFKA, Broker.NATS),
            "--queue", Set.of(Broker.AMQP), "--stream", Set.of(Broker.NATS), "--subject", Set.of(Broker.NATS),
            "--commit-batch", Set.of(Broker.KAFKA), "--commit-interval-ms", Set.of(Broker.KAFKA),
            "--exactly-once", Set.of(Broker.KAFKA), "--output-topic", Set.of(Broker.KAFKA),
            "--transactional-id", Set.of(Broker.KAFKA)));
    if (exactlyOnce != (outputTopic != null)) {
      throw new ParameterException(spec.commandLine(), exactlyOnce
          ? "--exactly-once needs --output-topic T: the topic each record's value is produced to"
          : "--output-topic needs --exactly-once");
    }
    if (transactionalId != null && !exactlyOnce) {
      throw new ParameterException(spec.commandLine(), "--transactional-id needs --exactly-once");
    }
    try {
      switch (broker) { // malformed addresses are usage errors, before any client exists
        case KAFKA -> Endpoints.kafka("--bootstrap-servers", bootstrapServers);
        case AMQP -> Endpoints.amqp("--amqp-uri", amqpUri);
        case NATS -> Endpoints.nats("--nats-url", natsUrl);
      }
      return switch (broker) {
        case KAFKA -> exactlyOnce
            ? KafkaConsumeTarget.exactlyOnce(bootstrapServers, topic, group, outputTopic, transactionalId,
                matched("--commit-batch") ? commitBatch : null,
                matched("--commit-interval-ms") ? Duration.ofMillis(commitIntervalMs) : null, clientConfig.load(spec))
            : new KafkaConsumeTarget(bootstrapServers, topic, group, commitBatch,
                Duration.ofMillis(commitIntervalMs), clientConfig.load(spec));
        case AMQP -> new AmqpConsumeTarget(amqpUri, queue, parallelism, clientConfig.load(spec));
        case NATS -> new NatsConsumeTarget(natsUrl, stream, group, subject, parallelism, clientConfig.load(spec));
      };
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private boolean matched(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  static Long idOf(String value) {
    Matcher m = ID.matcher(value);
    return m.find() ? Long.valueOf(m.group(1)) : null;
  }

  static String line(ConsumeTarget target, Envelope<String> envelope) {
    return target.columns(envelope.position()) + "\t"
        + (envelope.key() == null ? "" : envelope.key()) + "\t" + envelope.payload();
  }
}
