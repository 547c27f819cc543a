package io.tributary.bench.broadcast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's answer: a {@link SubmissionPublisher} with a per-subscriber buffer of the channel's
 * capacity and one subscriber per receiver, requesting in batches. The executor has one thread per
 * subscriber, like the channel's dedicated receiver threads (the default, the common pool, has a
 * single thread on a 2-core machine). Lossless: the sender blocks, the JDK's way, while a
 * subscriber's buffer is full; the wait is bounded by a timeout per value.
 */
final class SubmissionPublisherFanout implements Fanout {

  /** How long one value may wait for room in a subscriber's buffer before the run is declared stalled. */
  private static final long OFFER_TIMEOUT_SECONDS = 30;

  private final ExecutorService executor;
  private final SubmissionPublisher<Long> publisher;
  /** Set by the drop handler, which runs on the sending thread. */
  private boolean dropped;

  SubmissionPublisherFanout(int capacity, ReceiverProbe[] probes) {
    executor = Executors.newFixedThreadPool(probes.length, DaemonThreads.named("publisher-subscriber"));
    publisher = new SubmissionPublisher<>(executor, capacity);
    for (ReceiverProbe probe : probes) {
      publisher.subscribe(new BatchSubscriber(probe, capacity));
    }
  }

  @Override
  public void publish(Long[] values, Deadline deadline) {
    SubmissionPublisher<Long> publisher = this.publisher;
    for (Long value : values) {
      // Same code path as submit(), plus a timeout: blocks while a subscriber's buffer is full.
      publisher.offer(value, OFFER_TIMEOUT_SECONDS, TimeUnit.SECONDS, this::onDrop);
      if (dropped) {
        throw new IllegalStateException(
            "benchmark stalled: a subscriber's buffer stayed full for " + OFFER_TIMEOUT_SECONDS + " s");
      }
    }
  }

  private boolean onDrop(Flow.Subscriber<? super Long> subscriber, Long value) {
    dropped = true;
    return false; // do not retry: report the stall
  }

  @Override
  public void close() {
    publisher.close();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hands every value to its probe; asks for a buffer's worth up front, then tops demand up by
   * half a buffer each time that many were consumed, so demand signalling is amortized.
   */
  private static final class BatchSubscriber implements Flow.Subscriber<Long> {
    private final ReceiverProbe probe;
    private final int initialDemand;
    private final int refill;
    private Flow.Subscription subscription;
    private int sinceRequest;

    BatchSubscriber(ReceiverProbe probe, int capacity) {
      this.probe = probe;
      this.initialDemand = capacity;
      this.refill = Math.max(1, capacity / 2);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(initialDemand);
    }

    @Override
    public void onNext(Long value) {
      probe.accept(value);
      if (++sinceRequest == refill) {
        sinceRequest = 0;
        subscription.request(refill);
      }
    }

    @Override
    public void onError(Throwable error) {
      // The stalled batch then fails the benchmark through its deadline; say why.
      System.err.println("SubmissionPublisher subscriber failed: " + error);
    }

    @Override
    public void onComplete() {}
  }
}
