package io.tributary.samples.kafka;

import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSetupException;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.samples.runtime.ServiceRuntime;
import io.tributary.samples.runtime.SimulatedIo;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary consume}: the seed's Kafka consumer example (6.2), grown up. Consumes a topic
 * with a handler per record — ordered per key, {@code --parallelism} in flight — that waits
 * {@code --handler-delay-ms} without holding a thread (simulated I/O), then appends {@code
 * <partition>\t<offset>\t<key>\t<value>} to the output and flushes it before the record may be
 * acknowledged. Commits at-least-once (never past an unfinished record); a new group starts from
 * the earliest offset. SIGTERM or Ctrl-C stops intake, drains, commits and exits 0; with {@code
 * --max-idle-seconds} it does the same after that long without a new record. When the drain
 * timeout cuts the stop short, it exits 3 and the unfinished records are processed again after a
 * restart; a second signal stops at once (exit 130).
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Consumes a Kafka topic: a handler per record, ordered per key, safe commits, graceful stop.")
public final class ConsumeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ConsumeCommand.class);
  /** The exit code of a stop that abandoned started records at the drain deadline. */
  static final int EXIT_ABANDONED = 3;
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");

  @Spec
  private CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers.")
  private String bootstrapServers;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to consume.")
  private String topic;

  @Option(names = "--group", required = true, paramLabel = "G", description = "The consumer group.")
  private String group;

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
      description = "Stop (after committing) once S seconds pass without a new record.")
  private Integer maxIdleSeconds;

  @Option(names = "--drain-timeout-seconds", defaultValue = "10", paramLabel = "S",
      description = "How long a stop waits for in-flight records (default: ${DEFAULT-VALUE}).")
  private int drainTimeoutSeconds;

  @Option(names = "--commit-batch", defaultValue = "5000", paramLabel = "N",
      description = "Commit after N acknowledged records (default: ${DEFAULT-VALUE}).")
  private int commitBatch;

  @Option(names = "--commit-interval-ms", defaultValue = "1000", paramLabel = "MS",
      description = "Commit at least this often while records are acknowledged (default: ${DEFAULT-VALUE}).")
  private long commitIntervalMs;

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
    Duration drainTimeout = Duration.ofSeconds(drainTimeoutSeconds);
    ServiceRuntime runtime = ServiceRuntime.start("tributary-consume", drainTimeout).handleSignals();
    LineOutput output;
    try {
      output = LineOutput.open(out);
    } catch (java.io.IOException e) {
      System.err.println("tributary consume: cannot open --out " + out + ": " + e.getMessage());
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    KafkaSourceSettings<String> settings = KafkaSourceSettings
        .create(bootstrapServers, group, List.of(topic), PayloadDecoder.string())
        .withCommitBatchSize(commitBatch)
        .withCommitInterval(Duration.ofMillis(commitIntervalMs));
    ProcessingSettings processing = ProcessingSettings.defaults()
        .withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(parallelism);
    AtomicLong lastRecord = new AtomicLong(System.nanoTime());
    AtomicLong handled = new AtomicLong();

    KafkaRunner<String> runner;
    try {
      runner = KafkaRunner.start(runtime.system(), settings, processing, envelope -> {
        lastRecord.set(System.nanoTime());
        long nth = handled.incrementAndGet();
        if ((hangOnId != null && hangOnId.equals(idOf(envelope.payload())))
            || (hangOnNth != null && hangOnNth == nth)) {
          log.warn("testing: the handler of {} never finishes", envelope.position());
          return new CompletableFuture<Done>();
        }
        return SimulatedIo.after(handlerDelayMs, envelope).thenApply(e -> {
          output.append(line(e));
          return Done.getInstance();
        });
      });
    } catch (KafkaSetupException e) {
      System.err.println("tributary consume: " + e.getMessage());
      output.close();
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    Lifecycle.Registration registration = Lifecycle.register(runtime.system(), runner, drainTimeout);
    // The output is a handler dependency: it closes in service-stop, after the drain.
    Lifecycle.closeOnStop(runtime.system(), "consume-output", output);
    runner.completion().whenComplete((done, error) -> {
      if (error != null && !runtime.isShuttingDown()) {
        log.error("consumer failed: {}", error.toString());
        runtime.shutdown(1);
      }
    });
    registration.stopped().thenRun(() -> {
      if (runner.abandonedAtStop() > 0) {
        runtime.failWith(EXIT_ABANDONED); // cut short: the abandoned records are processed again after a restart
      }
    });
    if (maxIdleSeconds != null) {
      long idleNanos = TimeUnit.SECONDS.toNanos(maxIdleSeconds);
      java.util.concurrent.atomic.AtomicBoolean assigned = new java.util.concurrent.atomic.AtomicBoolean();
      runtime.system().scheduler().scheduleAtFixedRate(Duration.ofMillis(200), Duration.ofMillis(200), () -> {
        // Idle time counts from the first assignment: joining a group can take a session timeout.
        if (!assigned.get()) {
          if (runner.control().assignedPartitions().isEmpty()) {
            return;
          }
          assigned.set(true);
          lastRecord.set(System.nanoTime());
        }
        if (System.nanoTime() - lastRecord.get() >= idleNanos && runner.control().openMessages() == 0) {
          log.info("no new record for {} s: stopping", maxIdleSeconds);
          runtime.shutdown(0);
        }
      }, runtime.system().executionContext());
    }
    return runtime.awaitExit();
  }

  static Long idOf(String value) {
    Matcher m = ID.matcher(value);
    return m.find() ? Long.valueOf(m.group(1)) : null;
  }

  static String line(Envelope<String> envelope) {
    return envelope.position().partition() + "\t" + envelope.position().offset() + "\t"
        + (envelope.key() == null ? "" : envelope.key()) + "\t" + envelope.payload();
  }
}
