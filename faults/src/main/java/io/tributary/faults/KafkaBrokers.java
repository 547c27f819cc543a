package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The embedded Kafka broker as the scenarios use it: on a data directory they keep, killed and started again. */
final class KafkaBrokers {

  private KafkaBrokers() {}

  /** Starts a broker on free ports over {@code dataDir} (kept at close, so a restart finds its data). */
  static EmbeddedKafkaBroker start(Path dataDir) {
    return EmbeddedKafkaBroker.builder().dataDir(dataDir).startupTimeout(Duration.ofSeconds(90)).build().start();
  }

  /** SIGKILL of the broker's process: no shutdown, no flush of its own. Returns once the process is gone. */
  static void kill(EmbeddedKafkaBroker broker) throws Exception {
    ProcessHandle process = broker.process().orElseThrow();
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }

  /** Starts a broker again on the killed one's ports and data directory. */
  static EmbeddedKafkaBroker restart(EmbeddedKafkaBroker killed) {
    return EmbeddedKafkaBroker.builder().dataDir(killed.dataDir()).port(killed.port())
        .controllerPort(killed.controllerPort()).startupTimeout(Duration.ofSeconds(90)).build().start();
  }
}
