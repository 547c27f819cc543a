package io.tributary.streams.processing;

import io.tributary.streams.envelope.Envelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns a batch handler into the per-message handler the processing runner calls: each call joins the open
 * batch and gets a stage that completes with its batch. The runner keeps doing everything per message (at
 * most one message of a key or partition in flight, so never two of one lane in concurrent batches;
 * retries, dead letters and acknowledgements per message), and the messages it runs at once are what the
 * batches are made of. It holds at most the runner's parallelism: no extra buffer.
 *
 * @param <T> the payload type
 */
final class BatchCollector<T> implements Function<Envelope<T>, CompletionStage<Object>> {

  private final BatchSettings settings;
  private final int parallelism;
  private final Function<List<Envelope<T>>, ? extends CompletionStage<?>> handler;
  private final String name;
  private final Executor timer;

  private final Object lock = new Object();
  // guarded by lock
  private List<Member<T>> open = new ArrayList<>();
  private int inBatches;
  private long generation;

  /** One message waiting in a batch, with the stage its runner waits on. */
  private record Member<T>(Envelope<T> envelope, CompletableFuture<Object> outcome) {}

  BatchCollector(BatchSettings settings, int parallelism,
      Function<List<Envelope<T>>, ? extends CompletionStage<?>> handler) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.parallelism = parallelism;
    this.handler = Objects.requireNonNull(handler, "handler");
    this.name = ProcessingStage.nameOf(handler);
    this.timer = CompletableFuture.delayedExecutor(settings.maxWait().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public CompletionStage<Object> apply(Envelope<T> envelope) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    List<Member<T>> full = null;
    long armed = -1;
    synchronized (lock) {
      open.add(new Member<>(envelope, outcome));
      if (open.size() >= settings.maxSize() || open.size() + inBatches >= parallelism) {
        full = take(); // full, or no other message can join it before one completes
      } else if (open.size() == 1) {
        armed = generation;
      }
    }
    if (armed >= 0) {
      long batch = armed;
      timer.execute(() -> expired(batch));
    }
    if (full != null) {
      dispatch(full);
    }
    return outcome;
  }

  /** The open batch waited {@code maxWait}: dispatch it, unless it was dispatched already. */
  private void expired(long batch) {
    List<Member<T>> due = null;
    synchronized (lock) {
      if (batch == generation && !open.isEmpty()) {
        due = take();
      }
    }
    if (due != null) {
      dispatch(due);
    }
  }

  private List<Member<T>> take() {
    List<Member<T>> batch = open;
    open = new ArrayList<>(Math.min(settings.maxSize(), 64));
    inBatches += batch.size();
    generation++;
    return batch;
  }

  private void dispatch(List<Member<T>> batch) {
    List<Envelope<T>> envelopes = new ArrayList<>(batch.size());
    batch.forEach(m -> envelopes.add(m.envelope()));
    CompletionStage<?> stage;
    try {
      stage = handler.apply(Collections.unmodifiableList(envelopes));
      if (stage == null) {
        throw new NullPointerException("batch handler returned null instead of a CompletionStage");
      }
    } catch (RuntimeException | Error e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((value, error) -> settle(batch, error));
  }

  private void settle(List<Member<T>> batch, Throwable error) {
    synchronized (lock) {
      inBatches -= batch.size();
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    for (int i = 0; i < batch.size(); i++) {
      CompletableFuture<Object> outcome = batch.get(i).outcome();
      if (cause == null) {
        outcome.complete(null);
      } else if (cause instanceof BatchFailedException partial) {
        if (partial.failed(i)) {
          outcome.completeExceptionally(partial.getCause() != null ? partial.getCause() : partial);
        } else {
          outcome.complete(null);
        }
      } else {
        outcome.completeExceptionally(cause);
      }
    }
  }

  @Override
  public String toString() {
    return name; // lane reports name the user's batch handler
  }
}
