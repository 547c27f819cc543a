package io.tributary.faults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the workload's events {@code 0..messages-1} in order on its own thread, paced at the workload's rate,
 * and remembers when each was first sent (to tell which events were produced after a fault).
 */
final class ProducerRun {

  private static final Logger log = LoggerFactory.getLogger(ProducerRun.class);

  private final WorkloadProducer producer;
  private final Workload workload;
  private final LongFunction<byte[]> payload;
  private final long[] sentAtMillis;
  private final AtomicLong sent = new AtomicLong();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private long holdFrom = Long.MAX_VALUE; // set before start(), which publishes it

  ProducerRun(WorkloadProducer producer, Workload workload, LongFunction<byte[]> payload) {
    this.producer = producer;
    this.workload = workload;
    this.payload = payload;
    this.sentAtMillis = new long[workload.messages()];
  }

  /**
   * Makes the run stop before event {@code id} until {@link #release()}: a scenario that injects its faults by
   * progress keeps input back for after its last fault. Call before {@link #start()}.
   */
  ProducerRun holdFrom(long id) {
    this.holdFrom = id;
    return this;
  }

  /** Lets a run held by {@link #holdFrom(long)} go on; idempotent. */
  void release() {
    released.countDown();
  }

  /** Starts producing; {@link #done()} completes once every event is stored, or fails. */
  ProducerRun start() {
    Thread thread = new Thread(this::run, "faults-producer");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run() {
    long start = System.nanoTime();
    double nanosPerMessage = 1e9 / workload.ratePerSecond();
    try {
      for (int id = 0; id < workload.messages(); id++) {
        if (id == holdFrom) {
          producer.flush();
          released.await();
          start = System.nanoTime() - (long) (id * nanosPerMessage); // the pace goes on from here, no burst
        }
        long due = start + (long) (id * nanosPerMessage);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // the workload's pace, not a synchronisation
        }
        sentAtMillis[id] = System.currentTimeMillis();
        producer.send(id, workload.key(id), payload.apply(id));
        sent.incrementAndGet();
      }
      producer.flush();
      done.complete(null);
    } catch (Exception e) {
      log.error("the workload producer failed after {} events", sent.get(), e);
      done.completeExceptionally(e);
    }
  }

  /** @return completes once every event is stored by the broker */
  CompletableFuture<Void> done() {
    return done;
  }

  /** @return events handed to the producer so far */
  long sent() {
    return sent.get();
  }

  /** @return when event {@code id} was first sent, epoch milliseconds (0 before) */
  long sentAtMillis(long id) {
    return sentAtMillis[(int) id];
  }
}
