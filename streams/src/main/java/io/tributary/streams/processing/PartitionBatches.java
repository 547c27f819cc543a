package io.tributary.streams.processing;

import io.tributary.streams.envelope.Acknowledgement;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Batches for {@link OrderingMode#ORDERED}: consecutive messages of one partition, grouped before the runner
 * (at most {@code maxSize}, or what arrived within {@code maxWait}), each batch one element whose lane is its
 * partition. So a partition's batches run one after another in offset order, a failed batch is retried whole
 * while its partition waits, and its messages are dead-lettered one by one when it gives up. Acknowledging a
 * batch acknowledges each of its messages. The runner's counters count batches in this mode.
 */
public final class PartitionBatches {

  /** Partitions a runner may see at once; a substream per partition. */
  private static final int MAX_PARTITIONS = 1 << 16;

  private PartitionBatches() {}

  /** A partition's substream key. */
  private record Partition(String source, int partition) {}

  /**
   * @param settings how batches are formed
   * @return a flow from messages to batches of consecutive messages of one partition
   */
  public static <T> Flow<Envelope<T>, Envelope<List<Envelope<T>>>, NotUsed> flow(BatchSettings settings) {
    return Flow.<Envelope<T>>create()
        .groupBy(MAX_PARTITIONS, e -> new Partition(e.position().source(), e.position().partition()))
        .groupedWithin(settings.maxSize(), settings.maxWait())
        .map(PartitionBatches::<T>batch)
        .mergeSubstreams();
  }

  private static <T> Envelope<List<Envelope<T>>> batch(List<Envelope<T>> members) {
    Envelope<T> first = members.get(0);
    List<Envelope<T>> batch = Collections.unmodifiableList(new ArrayList<>(members));
    SourcePosition at = first.position();
    return new Envelope<>(null, batch, List.of(), first.timestamp(), at, new Acknowledgement() {
      @Override
      public void ack() {
        batch.forEach(Envelope::acknowledge);
      }

      /**
       * The batch is of one partition, withdrawn as a whole; the first message decides (a revocation between
       * two calls leaves the later ones abandoned by the source, and processing them is a duplicate at most).
       */
      @Override
      public boolean begin() {
        boolean started = first.ack().begin();
        for (int i = 1; i < batch.size(); i++) {
          batch.get(i).ack().begin();
        }
        return started;
      }
    }, null, null);
  }

  /**
   * @param handler the batch handler
   * @return the runner's handler of batch elements
   */
  public static <T> Function<Envelope<List<Envelope<T>>>, CompletionStage<Object>> handler(
      Function<List<Envelope<T>>, ? extends CompletionStage<?>> handler) {
    String name = ProcessingStage.nameOf(handler);
    return new Function<>() {
      @Override
      public CompletionStage<Object> apply(Envelope<List<Envelope<T>>> batch) {
        return handler.apply(batch.payload()).thenApply(v -> (Object) Done.getInstance());
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /**
   * @param target where single messages go
   * @return a dead-letter sink of batches that dead-letters each message of a batch with the batch's failure
   */
  public static <T> DeadLetterSink<List<Envelope<T>>> deadLetters(DeadLetterSink<T> target) {
    if (target == null) {
      return null;
    }
    return new DeadLetterSink<>() {
      @Override
      public CompletionStage<Done> write(io.tributary.streams.deadletter.DeadLetter deadLetter) {
        return target.write(deadLetter);
      }

      @Override
      public CompletionStage<Done> deadLetter(Envelope<List<Envelope<T>>> batch, ProcessingFailure failure) {
        List<CompletableFuture<Done>> written = new ArrayList<>();
        for (Envelope<T> message : batch.payload()) {
          written.add(target.deadLetter(message, failure).toCompletableFuture());
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
      }
    };
  }
}
