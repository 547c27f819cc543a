package io.tributary.cluster.hub;

import io.tributary.actors.hub.stream.HubSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A remote subscriber's subscription on the publishing node, outliving any one StreamRef: it owns
 * the local hub subscription (a queue the session pulls from, so BACKPRESSURE keeps holding the
 * publishers while nothing is attached), numbers the elements it hands out (0, 1, 2, ...) and keeps
 * the last of them in a replay window, from which a new StreamRef {@link #attach resumes} at any
 * sequence number still held.
 *
 * <p>Bound. The session takes an element from the hub only when the attached stream pulls it, and
 * the stream's StreamRef sends only on the subscriber's demand, which grows only as the subscriber
 * consumes. So when the attached stream asks for element {@code e}, at most {@link
 * ClusterHub#IN_FLIGHT} of the elements it took before are not yet in the subscriber's merge: one
 * batch being formed here, {@link ClusterHub#STREAM_REF_BUFFER} batches on the wire or in the
 * subscriber's StreamRef buffer, one batch being split there. The window therefore drops what lies
 * more than {@link ClusterHub#REPLAY_WINDOW} (one batch of margin above that) behind {@code e}, and
 * holds at most {@code REPLAY_WINDOW + 2} elements. No acknowledgements are needed. Thread-safe:
 * the attached stream and the hub queue's callbacks call it from stream threads.
 */
final class ResumableSession {

  private final String id;
  private final SinkQueueWithCancel<HubSource.Element<Object>> upstream;
  private final WireElement[] ring = new WireElement[ClusterHub.REPLAY_WINDOW + WireBatch.MAX];
  /** The oldest sequence number still held. */
  private long first;
  /** The sequence number of the next element from the hub. */
  private long next;
  /** The element {@code next} being pulled from the hub, {@code null} if none is. */
  private CompletableFuture<Optional<WireElement>> pending;
  private boolean upstreamDone;
  private Throwable failure;
  /** The attachment allowed to take elements; older ones are superseded. */
  private long attachment;

  /**
   * @param id the session's id
   * @param upstream the local hub subscription's elements
   */
  ResumableSession(String id, SinkQueueWithCancel<HubSource.Element<Object>> upstream) {
    this.id = id;
    this.upstream = upstream;
  }

  /** @return the session's id */
  String id() {
    return id;
  }

  /** @return the oldest sequence number a resume can start at */
  synchronized long first() {
    return first;
  }

  /** @return the sequence number of the next element not yet taken from the hub */
  synchronized long next() {
    return next;
  }

  /**
   * Starts a new attachment (superseding the previous one) at {@code from}.
   *
   * @param from the first sequence number to send, within [{@link #first}, {@link #next}]
   * @param keepAlive how long the stream may stay silent before it sends an empty batch
   * @return the batches to send through a StreamRef
   */
  synchronized Source<WireBatch, NotUsed> attach(long from, Duration keepAlive) {
    if (from < first || from > next) {
      throw new IllegalArgumentException("session " + id + " holds " + first + ".." + next + ", not " + from);
    }
    long generation = ++attachment;
    return Source.<Long, Sequenced>unfoldAsync(from, seq -> take(generation, seq)
            .thenApply(e -> e.map(element -> Pair.create(seq + 1, new Sequenced(seq, element)))))
        .batch(WireBatch.MAX, s -> WireBatch.of(s.seq(), s.element()), (b, s) -> b.add(s.element()))
        .keepAlive(keepAlive, WireBatch::keepAlive);
  }

  /** Ends the local hub subscription: the publishers are released. */
  void close() {
    upstream.cancel();
  }

  private synchronized CompletionStage<Optional<WireElement>> take(long generation, long seq) {
    if (generation != attachment) {
      return CompletableFuture.failedFuture(new IllegalStateException("superseded by a resumed stream"));
    }
    if (seq < first || seq > next) {
      return CompletableFuture.failedFuture(new IllegalStateException("element " + seq + " not held"));
    }
    while (first < seq - ClusterHub.REPLAY_WINDOW) {
      ring[slot(first++)] = null;
    }
    if (seq < next) {
      return CompletableFuture.completedFuture(Optional.of(ring[slot(seq)]));
    }
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (upstreamDone) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<WireElement>> p = pending;
    if (p == null) {
      CompletableFuture<Optional<WireElement>> fresh = new CompletableFuture<>();
      pending = fresh;
      p = fresh;
      // inline (it may run right here, clearing pending): Pekko's pull stage would run whenComplete on a new
      // thread per element on 2 cores
      upstream.pull().whenCompleteAsync((element, error) -> pulled(fresh, element, error), Runnable::run);
    }
    return p;
  }

  private void pulled(CompletableFuture<Optional<WireElement>> p, Optional<HubSource.Element<Object>> element,
      Throwable error) {
    Optional<WireElement> result = Optional.empty();
    Throwable failed = null;
    synchronized (this) {
      pending = null;
      if (error != null) {
        failure = error;
        failed = error;
      } else if (element.isEmpty()) {
        upstreamDone = true;
      } else if (next - first >= ring.length) {
        failure = new IllegalStateException("session " + id + ": replay window overflow (a bug)");
        failed = failure;
      } else {
        WireElement wire = WireElement.of(element.get());
        ring[slot(next++)] = wire;
        result = Optional.of(wire);
      }
    }
    if (failed != null) {
      p.completeExceptionally(failed);
    } else {
      p.complete(result);
    }
  }

  private int slot(long seq) {
    return (int) (seq % ring.length);
  }

  /** An element with its sequence number, between two stages of the attached stream. */
  private record Sequenced(long seq, WireElement element) {}
}
