package io.tributary.bench.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/** The actor system of a suite: quiet logging through SLF4J, terminated with a bounded wait. */
final class BenchSystem implements AutoCloseable {

  private final ActorSystem system;

  private BenchSystem(ActorSystem system) {
    this.system = system;
  }

  static BenchSystem create(String name) {
    Config config = ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.stdout-loglevel = WARNING",
        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
        "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
        "pekko.log-dead-letters = off",
        "pekko.log-dead-letters-during-shutdown = off"))
        .withFallback(ConfigFactory.load());
    return new BenchSystem(ActorSystem.create(name, config));
  }

  ActorSystem system() {
    return system;
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("warning: the actor system did not terminate within " + Duration.ofSeconds(30) + ": " + e);
    }
  }
}
