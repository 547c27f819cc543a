package io.tributary.streams.processing;

import io.tributary.streams.envelope.Envelope;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Factories for the processing runner: a handler per message, bounded parallelism, ordered per
 * partition or per key or not at all, retries with backoff while the key stays parked, then
 * dead-letter, skip or stop. Use it between a connector's source and the acknowledgement:
 *
 * <pre>{@code
 * source
 *     .viaMat(Processing.flow(settings, order -> billing.charge(order), deadLetters), Keep.both())
 *     .toMat(Processing.acknowledgeSink(), Keep.both())
 *     .run(system);
 * }</pre>
 *
 * <p>The flow emits each successful result as an envelope with the original ack handle (in
 * completion order); acknowledge it when its last step is done. Dead-lettered and skipped messages
 * are acknowledged by the runner. The flow materializes live {@link ProcessingMetrics}. When its
 * upstream completes, it finishes the messages it holds, then completes (a drain). Where the
 * runner is the last step, {@link #envelopeSink} (or {@link #sink}) acknowledges successes itself,
 * which is cheaper per message; the connectors' runners use it.
 */
public final class Processing {

  private Processing() {}

  /**
   * A runner whose handler sees the payload.
   *
   * @param deadLetters where messages go under {@link FailurePolicy#DEAD_LETTER} (may be null for
   *     the other policies)
   */
  public static <T, R> Flow<Envelope<T>, Envelope<R>, ProcessingMetrics> flow(ProcessingSettings settings,
      Function<? super T, ? extends CompletionStage<R>> handler, DeadLetterSink<T> deadLetters) {
    Objects.requireNonNull(handler, "handler");
    checked(settings, handler, deadLetters);
    return Flow.fromGraph(new ProcessingStage<T, R>(settings, envelope -> handler.apply(envelope.payload()),
        deadLetters, false, ProcessingStage.nameOf(handler)));
  }

  /** A runner whose handler sees the whole envelope (key, headers, position). */
  public static <T, R> Flow<Envelope<T>, Envelope<R>, ProcessingMetrics> envelopeFlow(
      ProcessingSettings settings, Function<Envelope<T>, ? extends CompletionStage<R>> handler,
      DeadLetterSink<T> deadLetters) {
    checked(settings, handler, deadLetters);
    return Flow.fromGraph(new ProcessingStage<>(settings, handler, deadLetters, false,
        ProcessingStage.nameOf(handler)));
  }

  /**
   * The runner as the end of a pipeline: a handler that sees the whole envelope, each success
   * acknowledged as it completes (dead-lettered and skipped messages too). Materializes the live
   * metrics and a stage that completes once upstream completed and every message was settled (a
   * drain), or fails with the stream. Cheaper than {@link #envelopeFlow} into {@link
   * #acknowledgeSink()}: no result envelope and no extra stage per message.
   */
  public static <T, R> Sink<Envelope<T>, Pair<ProcessingMetrics, CompletionStage<Done>>> envelopeSink(
      ProcessingSettings settings, Function<Envelope<T>, ? extends CompletionStage<R>> handler,
      DeadLetterSink<T> deadLetters) {
    checked(settings, handler, deadLetters);
    return sinkOf(new ProcessingStage<>(settings, handler, deadLetters, true, ProcessingStage.nameOf(handler)));
  }

  private static <T, R> Sink<Envelope<T>, Pair<ProcessingMetrics, CompletionStage<Done>>> sinkOf(
      ProcessingStage<T, R> stage) {
    return Flow.fromGraph(stage).toMat(Sink.ignore(), Keep.both());
  }

  private static void checked(ProcessingSettings settings, Function<?, ?> handler, DeadLetterSink<?> deadLetters) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(handler, "handler");
    if (settings.failurePolicy() == FailurePolicy.DEAD_LETTER && deadLetters == null) {
      throw new IllegalArgumentException(
          "failure policy DEAD_LETTER needs a DeadLetterSink; pass one, or choose SKIP or STOP");
    }
  }

  /** A sink that acknowledges every envelope it receives: the last step of a pipeline. */
  public static <T> Sink<Envelope<T>, CompletionStage<Done>> acknowledgeSink() {
    return Sink.foreach(Envelope::acknowledge);
  }

  /** The runner as a pipeline's end, like {@link #envelopeSink}, with a handler that sees the payload. */
  public static <T, R> Sink<Envelope<T>, ProcessingMetrics> sink(ProcessingSettings settings,
      Function<? super T, ? extends CompletionStage<R>> handler, DeadLetterSink<T> deadLetters) {
    return Processing.<T, R>sinkWithCompletion(settings, handler, deadLetters).mapMaterializedValue(Pair::first);
  }

  /** Like {@link #sink}, also materializing the stage that completes once everything is drained. */
  public static <T, R> Sink<Envelope<T>, Pair<ProcessingMetrics, CompletionStage<Done>>>
      sinkWithCompletion(ProcessingSettings settings,
      Function<? super T, ? extends CompletionStage<R>> handler, DeadLetterSink<T> deadLetters) {
    Objects.requireNonNull(handler, "handler");
    checked(settings, handler, deadLetters);
    return sinkOf(new ProcessingStage<T, R>(settings, envelope -> handler.apply(envelope.payload()), deadLetters,
        true, ProcessingStage.nameOf(handler)));
  }

  /**
   * A batch handler, as Spring Kafka's and Parallel Consumer's batch listeners offer, as the runner's
   * per-message handler for {@link OrderingMode#ORDERED_PER_KEY} and {@link OrderingMode#UNORDERED}: the
   * messages the runner starts join a batch (at most {@link BatchSettings#maxSize()}, waiting at most {@link
   * BatchSettings#maxWait()}), so a batch holds messages of free keys and never two of one key in different
   * concurrent batches. When the batch's stage completes, each of its messages succeeded (and is acknowledged)
   * or failed and is retried, dead-lettered or skipped per message; a {@link BatchFailedException} fails only
   * the messages it names. For {@link OrderingMode#ORDERED} use {@link #batchSink} (batches per partition).
   *
   * @throws IllegalArgumentException when the ordering is {@code ORDERED}
   */
  public static <T> Function<Envelope<T>, CompletionStage<Object>> batching(ProcessingSettings settings,
      BatchSettings batch, Function<List<Envelope<T>>, ? extends CompletionStage<?>> handler) {
    Objects.requireNonNull(settings, "settings");
    if (settings.mode() == OrderingMode.ORDERED) {
      throw new IllegalArgumentException("ORDERED batches are formed per partition before the runner: use "
          + "Processing.batchSink or PartitionBatches, not a per-message batching handler");
    }
    return new BatchCollector<>(batch, settings.parallelism(), handler);
  }

  /**
   * The runner as the end of a pipeline with a batch handler: batches per partition in {@link
   * OrderingMode#ORDERED} ({@link PartitionBatches}), else batches of free keys ({@link #batching}). Each
   * message is acknowledged once its batch succeeded or it was dead-lettered or skipped.
   */
  public static <T> Sink<Envelope<T>, Pair<ProcessingMetrics, CompletionStage<Done>>> batchSink(
      ProcessingSettings settings, BatchSettings batch, Function<List<Envelope<T>>, ? extends CompletionStage<?>> handler,
      DeadLetterSink<T> deadLetters) {
    if (settings.mode() == OrderingMode.ORDERED) {
      return PartitionBatches.<T>flow(batch).toMat(envelopeSink(settings, PartitionBatches.handler(handler),
          PartitionBatches.deadLetters(deadLetters)), Keep.right());
    }
    return envelopeSink(settings, batching(settings, batch, handler), deadLetters);
  }

  /**
   * The name lane reports give a handler: its own {@code toString()} when it has one, else its class; a
   * lambda is named after the class that wrote it ({@code com.acme.Billing (lambda)}). A wrapper around a
   * handler (timing, tracing) should return this of the handler it wraps from its {@code toString()}.
   *
   * @param handler a handler
   * @return its name
   */
  public static String handlerName(Object handler) {
    return ProcessingStage.nameOf(handler);
  }
}
