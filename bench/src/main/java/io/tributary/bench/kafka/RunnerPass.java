package io.tributary.bench.kafka;

import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.BatchSettings;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * One pass of {@link KafkaRunner} (source, processing runner, acknowledgement, safe commits) over a
 * whole topic with a fresh consumer group: timed from the first handler call until every record is
 * acknowledged and a final commit covering all of them completed. Then stops the runner the
 * graceful way (stop intake, drain, release), outside the timed window.
 */
final class RunnerPass {

  private RunnerPass() {}

  static <R> Measurement run(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings,
      ProcessingSettings processing, Function<Envelope<byte[]>, ? extends CompletionStage<R>> handler,
      Map<TopicPartition, Long> endOffsets, Duration timeout) throws Exception {
    AtomicLong firstCall = new AtomicLong();
    long started = System.nanoTime();
    KafkaRunner<byte[]> runner = KafkaRunner.<byte[], R>start(system, settings, processing, envelope -> {
      if (firstCall.get() == 0) {
        firstCall.compareAndSet(0, System.nanoTime());
      }
      return handler.apply(envelope);
    });
    return measure(runner, started, firstCall, settings, endOffsets, timeout);
  }

  /** The same with a batch handler ({@link KafkaRunner#startBatches}), called once per batch. */
  static Measurement runBatches(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings,
      ProcessingSettings processing, BatchSettings batch,
      Function<List<Envelope<byte[]>>, ? extends CompletionStage<?>> handler, Map<TopicPartition, Long> endOffsets,
      Duration timeout) throws Exception {
    AtomicLong firstCall = new AtomicLong();
    long started = System.nanoTime();
    KafkaRunner<byte[]> runner = KafkaRunner.startBatches(system, settings, processing, batch, envelopes -> {
      if (firstCall.get() == 0) {
        firstCall.compareAndSet(0, System.nanoTime());
      }
      return handler.apply(envelopes);
    });
    return measure(runner, started, firstCall, settings, endOffsets, timeout);
  }

  private static Measurement measure(KafkaRunner<byte[]> runner, long started, AtomicLong firstCall,
      KafkaSourceSettings<byte[]> settings, Map<TopicPartition, Long> endOffsets, Duration timeout)
      throws Exception {
    long expected = endOffsets.values().stream().mapToLong(Long::longValue).sum();
    try {
      long[] maxInFlight = {0};
      Waits.until(() -> {
            maxInFlight[0] = Math.max(maxInFlight[0], runner.metrics().inFlight());
            return runner.control().acknowledged() >= expected || runner.completion().toCompletableFuture().isDone();
          }, 200_000, timeout, "acknowledging all " + expected + " records of " + settings.topics(),
          () -> "acknowledged " + runner.control().acknowledged() + ", open " + runner.control().openMessages());
      if (runner.completion().toCompletableFuture().isDone()) {
        Waits.await(runner.completion(), Duration.ofSeconds(1), "the runner's stream");
        throw new IllegalStateException("the runner's stream completed after " + runner.control().acknowledged()
            + " of " + expected + " records");
      }
      long acknowledgedAt = System.nanoTime();
      Waits.await(runner.control().commit(), Duration.ofSeconds(30), "the final commit");
      long committedAt = System.nanoTime();
      Map<TopicPartition, Long> committed = runner.control().committedOffsets();
      String check = "";
      if (!committed.equals(Offsets.nonEmpty(endOffsets))) {
        check = "; COMMITS INCOMPLETE: committed " + Offsets.names(committed) + " of "
            + Offsets.names(endOffsets);
        System.err.println("warning: " + check.substring(2));
      }
      long first = firstCall.get();
      return new Measurement(expected, committedAt - first, String.format(Locale.ROOT,
          "first record %,.0f ms after start, final commit %,.1f ms, max in flight %d%s",
          (first - started) / 1e6, (committedAt - acknowledgedAt) / 1e6, maxInFlight[0], check));
    } finally {
      Waits.quietly(runner.stopIntake(), Duration.ofSeconds(15), "stopping the runner's intake");
      Waits.quietly(runner.drain(Duration.ofSeconds(10)), Duration.ofSeconds(15), "draining the runner");
      Waits.quietly(runner.release(), Duration.ofSeconds(40), "releasing the runner");
    }
  }

}
