package io.tributary.bench.kafka;

import io.tributary.streams.envelope.Envelope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.Done;

/**
 * A handler that takes a fixed latency without holding a thread: it returns a future that a
 * scheduler completes after the delay, like a call to a remote service. Records the latency each
 * call actually took.
 */
final class DelayedHandler implements Function<Envelope<byte[]>, CompletionStage<Done>> {

  private final ScheduledExecutorService timer;
  private final long delayNanos;
  private final LongAdder calls = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();

  DelayedHandler(ScheduledExecutorService timer, long delayNanos) {
    this.timer = timer;
    this.delayNanos = delayNanos;
  }

  @Override
  public CompletionStage<Done> apply(Envelope<byte[]> envelope) {
    return call();
  }

  /** One call: a future completed after the delay (for contenders that do not hand over envelopes). */
  CompletionStage<Done> call() {
    long started = System.nanoTime();
    CompletableFuture<Done> done = new CompletableFuture<>();
    timer.schedule(() -> {
      totalNanos.add(System.nanoTime() - started);
      calls.increment();
      done.complete(Done.getInstance()); // not null: it becomes an envelope's payload
    }, delayNanos, TimeUnit.NANOSECONDS);
    return done;
  }

  /** @return the mean latency of the calls so far, in milliseconds */
  double meanMillis() {
    long n = calls.sum();
    return n == 0 ? Double.NaN : totalNanos.sum() / 1e6 / n;
  }
}
