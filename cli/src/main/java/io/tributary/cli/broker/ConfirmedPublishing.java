package io.tributary.cli.broker;

import io.tributary.cli.commands.SampleProducer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the record numbers {@code 0 .. count-1} through a connector's publishing flow — one that
 * emits each element once the broker confirmed it, in order, and fails at the first publish that
 * was not — in a short-lived actor system, and counts the confirmed ones.
 */
final class ConfirmedPublishing {

  private static final Logger log = LoggerFactory.getLogger(ConfirmedPublishing.class);

  private ConfirmedPublishing() {}

  static SampleProducer.Outcome run(String destination, long count, Flow<Long, ?, NotUsed> publish) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tributary-produce");
    AtomicLong confirmed = new AtomicLong();
    try {
      Source.fromIterator(() -> LongStream.range(0, count).iterator())
          .via(publish)
          .runWith(Sink.foreach(element -> confirmed.incrementAndGet()), system)
          .toCompletableFuture().join();
      return new SampleProducer.Outcome(confirmed.get(), null);
    } catch (CompletionException e) {
      Throwable error = e.getCause() != null ? e.getCause() : e;
      log.warn("a record to {} was not confirmed: {}", destination, error.toString());
      return new SampleProducer.Outcome(confirmed.get(), error);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture()
          .completeOnTimeout(null, Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS).join();
    }
  }
}
