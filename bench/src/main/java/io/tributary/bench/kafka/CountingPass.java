package io.tributary.bench.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One pass of a source into a counting {@code Sink.foreach}, nothing acknowledged or committed.
 * Timed from the first element to the {@code expected}-th; the source is then shut down.
 */
final class CountingPass {

  private CountingPass() {}

  /**
   * @param payloadBytes an element's payload size (summed in the note, so that the payload is read)
   * @param shutdown stops the running source, given its materialized value
   */
  static <E, M> Measurement run(ClassicActorSystemProvider system, Source<E, M> source,
      ToIntFunction<? super E> payloadBytes, Function<M, CompletionStage<?>> shutdown, long expected,
      String what, Duration timeout) throws Exception {
    AtomicLong count = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong first = new AtomicLong();
    CompletableFuture<Long> last = new CompletableFuture<>();
    long started = System.nanoTime();
    Pair<M, CompletionStage<Done>> running = source
        .toMat(Sink.foreach(element -> {
          long n = count.incrementAndGet();
          bytes.addAndGet(payloadBytes.applyAsInt(element));
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
        end = Waits.await(last, timeout, "receiving all " + expected + " records of " + what);
      } catch (TimeoutException e) {
        throw new TimeoutException(e.getMessage() + "; received " + count.get());
      }
      long firstAt = first.get();
      return new Measurement(expected, end - firstAt, String.format(Locale.ROOT,
          "first record %,.0f ms after start, %,d payload bytes", (firstAt - started) / 1e6, bytes.get()));
    } finally {
      Waits.quietly(shutdown.apply(running.first()), Duration.ofSeconds(30), "shutting the source down");
    }
  }
}
