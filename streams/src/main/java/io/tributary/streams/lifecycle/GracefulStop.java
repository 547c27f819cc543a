package io.tributary.streams.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * A component that stops in order: stop taking work, let what is in flight finish, then release
 * what it holds. {@link Lifecycle#register} runs the three steps in CoordinatedShutdown's service
 * phases (SIGTERM, Ctrl-C, or a host's shutdown) and, identically, when a host stops the component
 * through {@link Lifecycle.Registration#stop()}. Each step runs once.
 */
public interface GracefulStop {

  /** @return a short name for log lines, e.g. {@code kafka-consumer[orders/billing]} */
  String name();

  /** Phase {@code service-unbind}: stop intake — no more polling or fetching. */
  CompletionStage<Done> stopIntake();

  /**
   * Phase {@code service-requests-done}: completes when every in-flight message finished, or when
   * {@code timeout} ran out (then with {@code Done} too: the next step decides what was abandoned).
   */
  CompletionStage<Done> drain(Duration timeout);

  /**
   * Phase {@code service-stop}: commit what finished, flush producers, close connections; never
   * commit past an unfinished message. Completes with a one-line report of what the stop did.
   */
  CompletionStage<String> release();

  /** @return messages in flight now (for the phase log lines) */
  long inFlight();
}
