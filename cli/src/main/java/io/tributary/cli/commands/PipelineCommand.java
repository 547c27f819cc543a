package io.tributary.cli.commands;

import io.tributary.streams.settings.Secrets;
import io.tributary.cli.runtime.MetricsPortOption;
import io.tributary.cli.runtime.ServiceRuntime;
import io.tributary.pipeline.Pipeline;
import io.tributary.pipeline.RunningPipeline;
import io.tributary.pipeline.component.PipelineStartException;
import io.tributary.pipeline.config.ConfigError;
import io.tributary.pipeline.config.PipelineConfigException;
import io.tributary.streams.lifecycle.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tributary pipeline FILE}: runs a Vector-style pipeline — named sources, transforms and
 * sinks wired by {@code inputs} — from a HOCON config (reference: {@code samples/pipelines/README.md}).
 * Validates the whole config first: when anything is wrong it starts nothing, prints every
 * problem to stderr, one per line as {@code <section>.<name>.<field>: <problem>}, and exits 2.
 * Then runs until every source ended and every sink flushed (exit 0), or until SIGTERM/Ctrl-C,
 * which stops the sources, drains the graph, commits Kafka offsets and exits 0 (3 when the drain
 * timeout cut the stop short; 130 on a second signal). A component that cannot start or a sink
 * that fails exits 1. A source message is acknowledged (its Kafka offset committed) only once
 * every sink that received it accepted it.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Runs a Vector-style pipeline (sources -> transforms -> sinks) from a HOCON config file.")
public final class PipelineCommand implements Callable<Integer> {

  /** Exit code when the config is invalid. */
  static final int EXIT_INVALID_CONFIG = 2;
  /** Exit code when a component could not start or the pipeline failed. */
  static final int EXIT_FAILED = 1;
  /** Exit code when the drain timeout cut a stop short (unfinished events are consumed again). */
  static final int EXIT_ABANDONED = 3;

  private static final Logger log = LoggerFactory.getLogger(PipelineCommand.class);

  @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline config (HOCON).")
  private Path file;

  @Mixin
  private MetricsPortOption metrics;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Overrides a config value, e.g. --set sinks.out.path=/tmp/out.json (repeatable; "
          + "numbers, booleans and [lists] are typed, anything else is text).")
  private List<String> overrides = new ArrayList<>();

  @Option(names = "--check", description = "Only validate the config: exit 0 when valid, 2 with the problems.")
  private boolean check;

  @Option(names = "--drain-timeout-seconds", defaultValue = "10", paramLabel = "S",
      description = "How long a stop waits for events in flight (default: ${DEFAULT-VALUE}).")
  private int drainTimeoutSeconds;

  @Override
  public Integer call() {
    Pipeline pipeline;
    try {
      pipeline = Pipeline.load(file, overrides);
    } catch (PipelineConfigException e) {
      for (ConfigError error : e.errors()) {
        System.err.println(Secrets.text(String.valueOf(error))); // a config error may quote a URI
      }
      return EXIT_INVALID_CONFIG;
    }
    for (String warning : pipeline.warnings()) {
      log.warn(warning);
    }
    if (check) {
      System.err.println(file + ": ok (" + pipeline.summary() + ")");
      return 0;
    }
    Duration drainTimeout = Duration.ofSeconds(Math.max(0, drainTimeoutSeconds));
    ServiceRuntime runtime = ServiceRuntime.start("tributary-pipeline", drainTimeout).handleSignals();
    if (!metrics.serve(runtime, "pipeline")) {
      runtime.shutdown(EXIT_FAILED);
      return runtime.awaitExit();
    }
    RunningPipeline running;
    try {
      running = pipeline.start(runtime.system());
    } catch (PipelineStartException e) {
      System.err.println("tributary pipeline: " + Secrets.text(e.getMessage()));
      runtime.shutdown(EXIT_FAILED);
      return runtime.awaitExit();
    } catch (RuntimeException e) {
      log.error("pipeline {} could not start: {}", pipeline.name(), Secrets.text(String.valueOf(e)));
      log.debug("pipeline {} could not start", pipeline.name(), e);
      System.err.println("tributary pipeline: could not start: " + Secrets.text(String.valueOf(e)));
      runtime.shutdown(EXIT_FAILED);
      return runtime.awaitExit();
    }
    Lifecycle.Registration registration = Lifecycle.register(runtime.system(), running, drainTimeout);
    log.info("pipeline {} running: {}", pipeline.name(), pipeline.summary());
    AtomicBoolean failed = new AtomicBoolean();
    running.completion().whenComplete((done, error) -> {
      if (error == null) {
        log.info("pipeline {}: every source ended and every sink flushed", pipeline.name());
        runtime.shutdown(0);
      } else if (!runtime.isShuttingDown()) {
        failed.set(true);
        Throwable cause = error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error;
        log.error("pipeline {} failed: {}", pipeline.name(), Secrets.text(cause.getMessage()));
        System.err.println("tributary pipeline: " + pipeline.name() + " failed: " + Secrets.text(cause.getMessage()));
        runtime.shutdown(EXIT_FAILED);
      }
    });
    registration.stopped().thenRun(() -> {
      if (running.inFlight() > 0 && !failed.get()) { // a failed pipeline exits 1, its events unacknowledged
        runtime.failWith(EXIT_ABANDONED); // unacknowledged events are consumed again after a restart
      }
    });
    return runtime.awaitExit();
  }
}
