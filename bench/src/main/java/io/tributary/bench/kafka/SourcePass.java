package io.tributary.bench.kafka;

import io.tributary.connectors.kafka.KafkaControl;
import io.tributary.connectors.kafka.KafkaDeadLetterSink;
import io.tributary.connectors.kafka.KafkaSource;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * One pass of Tributary's {@link KafkaSource} without commits: its envelopes go into a counting
 * {@code Sink.foreach} and are never acknowledged. Timed from the first envelope to the last.
 */
final class SourcePass {

  private SourcePass() {}

  static Measurement run(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings, long expected,
      Duration timeout) throws Exception {
    AtomicLong count = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong first = new AtomicLong();
    CompletableFuture<Long> last = new CompletableFuture<>();
    long started = System.nanoTime();
    try (KafkaDeadLetterSink<byte[]> deadLetters = KafkaDeadLetterSink.create(settings)) {
      Pair<KafkaControl, CompletionStage<Done>> running = KafkaSource.create(system, settings, deadLetters)
          .toMat(Sink.foreach(envelope -> {
            long n = count.incrementAndGet();
            bytes.addAndGet(envelope.payload().length);
            if (n == 1) {
              first.set(System.nanoTime());
            }
            if (n == expected) {
              last.complete(System.nanoTime());
            }
          }), Keep.both())
          .run(system.classicSystem());
      running.second().whenComplete((done, error) -> last.completeExceptionally(error != null ? error
          : new IllegalStateException("the source completed after " + count.get() + " of " + expected + " records")));
      try {
        long end;
        try {
          end = Waits.await(last, timeout, "receiving all " + expected + " records of " + settings.topics());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new java.util.concurrent.TimeoutException(e.getMessage() + "; received " + count.get());
        }
        long firstAt = first.get();
        return new Measurement(expected, end - firstAt, String.format(Locale.ROOT,
            "first record %,.0f ms after start, %,d payload bytes", (firstAt - started) / 1e6, bytes.get()));
      } finally {
        Waits.quietly(running.first().shutdown(), Duration.ofSeconds(30), "shutting the source down");
      }
    }
  }
}
