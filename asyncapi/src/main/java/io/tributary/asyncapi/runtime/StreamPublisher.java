package io.tributary.asyncapi.runtime;

import io.tributary.streams.envelope.Acknowledgement;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery every {@link Publisher} shares: a bounded queue into a connector's publishing flow,
 * a future per send completed when the flow emits it (the broker acknowledged it), permits that
 * bound the sends in flight, and the failure of every open send when the stream fails.
 *
 * @param <T> the payload type
 * @param <M> the connector's message type
 */
abstract class StreamPublisher<T, M> implements Publisher<T> {

  private static final Logger log = LoggerFactory.getLogger(StreamPublisher.class);

  private final String name;
  private final String address;
  private final PublisherSettings settings;
  private final Function<Publication<T>, M> toMessage;
  private final Semaphore permits;
  private final Set<Pending<M>> open = ConcurrentHashMap.newKeySet();
  private final BoundedSourceQueue<Pending<M>> queue;
  private final CompletableFuture<Done> stopped = new CompletableFuture<>();
  /** Why sends are refused; null while the publisher takes them. */
  private volatile PublishRejectedException refusal;

  /**
   * Starts the stream.
   *
   * @param name the publisher's name for messages, e.g. {@code kafka-publisher[orders]}
   * @param flow publishes each element's message and emits the element once the broker acknowledged it,
   *     in any order; fails the stream when a publish fails
   * @param onStopped closes what the flow does not close itself, once the stream ended
   */
  StreamPublisher(ClassicActorSystemProvider system, String name, String address, PublisherSettings settings,
      Function<Publication<T>, M> toMessage, Flow<Pending<M>, Pending<M>, NotUsed> flow, Runnable onStopped) {
    this.name = name;
    this.address = Objects.requireNonNull(address, "address");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.toMessage = toMessage;
    this.permits = new Semaphore(settings.maxInFlight());
    Pair<BoundedSourceQueue<Pending<M>>, CompletionStage<Done>> running = Source.<Pending<M>>queue(
            settings.maxInFlight())
        .via(flow)
        .toMat(Sink.foreach(Pending::acknowledged), Keep.both())
        .run(system);
    this.queue = running.first();
    running.second().whenComplete((done, error) -> {
      if (error != null) {
        log.warn("{}: publishing failed, the publisher takes no more sends: {}", name, error.toString());
      }
      stop(error == null
          ? new PublishRejectedException(name + " is closed; create a new publisher to send more", null)
          : new PublishRejectedException(name + " failed: " + error.getMessage()
              + "; create a new publisher to send more", error));
      try {
        onStopped.run();
      } finally {
        stopped.complete(Done.getInstance());
      }
    });
  }

  private void stop(PublishRejectedException why) {
    if (refusal == null) {
      refusal = why;
    }
    for (Pending<M> pending : open) {
      pending.fail(why.getCause() != null ? why.getCause() : why);
    }
  }

  @Override
  public CompletionStage<Done> send(T payload) {
    return send(Publication.of(address, payload));
  }

  @Override
  public CompletionStage<Done> send(Publication<T> publication) {
    Objects.requireNonNull(publication, "publication");
    PublishRejectedException why = refusal;
    if (why != null) {
      return CompletableFuture.failedFuture(why);
    }
    M message;
    try {
      message = toMessage.apply(publication.withCurrentTrace());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    try {
      if (!permits.tryAcquire(settings.maxBlock().toNanos(), TimeUnit.NANOSECONDS)) {
        return CompletableFuture.failedFuture(new PublishRejectedException(name + " is full: "
            + settings.maxInFlight() + " sends await their acknowledgement and none completed within "
            + settings.maxBlock().toMillis() + " ms; wait for sends to complete, or raise maxInFlight or maxBlock",
            null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(new PublishRejectedException(name + ": interrupted waiting for room",
          e));
    }
    Pending<M> pending = new Pending<>(message);
    pending.future.whenComplete((d, e) -> {
      open.remove(pending);
      permits.release();
    });
    open.add(pending);
    why = refusal;
    if (why != null) { // stopped meanwhile: the stop may not have seen this one
      pending.fail(why);
      return pending.future.minimalCompletionStage();
    }
    QueueOfferResult offered = queue.offer(pending);
    if (!(offered instanceof QueueOfferResult.Enqueued$)) {
      why = refusal;
      pending.fail(why != null ? why : new PublishRejectedException(name + " did not take the send: " + offered,
          null));
    }
    return pending.future.minimalCompletionStage();
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public int inFlight() {
    return open.size();
  }

  @Override
  public CompletionStage<Done> closeAsync() {
    if (refusal == null) {
      refusal = new PublishRejectedException(name + " is closed; create a new publisher to send more", null);
    }
    try {
      queue.complete();
    } catch (IllegalStateException e) {
      // the stream ended already (failed, or closed before): nothing left to complete
    }
    return stopped;
  }

  @Override
  public void close() {
    try {
      closeAsync().toCompletableFuture().get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("{}: {} sends still unacknowledged after {} ms; closing anyway", name, open.size(),
          settings.closeTimeout().toMillis());
      queue.fail(new PublishRejectedException(name + " closed before the broker acknowledged the send", null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("{}: closing failed: {}", name, e.getCause().toString());
    }
  }

  /** @return the publisher's name, e.g. {@code kafka-publisher[orders]} */
  String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * A send on its way: its message and its future. An {@link Acknowledgement} too, for connector flows
   * that carry envelopes and acknowledge them after the publish.
   */
  static final class Pending<M> implements Acknowledgement {
    final M message;
    final CompletableFuture<Done> future = new CompletableFuture<>();

    Pending(M message) {
      this.message = message;
    }

    void acknowledged() {
      future.complete(Done.getInstance());
    }

    void fail(Throwable error) {
      future.completeExceptionally(error);
    }

    @Override
    public void ack() {
      acknowledged();
    }
  }
}
