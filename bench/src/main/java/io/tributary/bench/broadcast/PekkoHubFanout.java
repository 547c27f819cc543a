package io.tributary.bench.broadcast;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pekko Streams' answer: a {@link BroadcastHub} (buffer = capacity, starting once every consumer
 * is attached, so none misses the start) fed by a {@link Source#queue(int) bounded source queue}
 * (same capacity), with one {@code Sink.foreach} stream per receiver. Lossless: the hub is paced
 * by its slowest consumer. The sender offers to the queue and backs off like the channel's sender
 * while the queue is full. One actor system per trial, default dispatcher.
 */
final class PekkoHubFanout implements Fanout {

  private static final Config CONFIG = ConfigFactory.parseString(
          "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\npekko.log-dead-letters = off")
      .withFallback(ConfigFactory.load());

  private final ActorSystem system;
  private final BoundedSourceQueue<Long> queue;
  private final CompletionStage<?>[] consumers;

  PekkoHubFanout(int capacity, ReceiverProbe[] probes) {
    system = ActorSystem.create("broadcast-bench", CONFIG);
    Pair<BoundedSourceQueue<Long>, Source<Long, NotUsed>> hub = Source.<Long>queue(capacity)
        .toMat(BroadcastHub.of(Long.class, probes.length, capacity), Keep.both())
        .run(system);
    queue = hub.first();
    consumers = new CompletionStage<?>[probes.length];
    for (int i = 0; i < probes.length; i++) {
      ReceiverProbe probe = probes[i];
      CompletionStage<Done> done = hub.second().runWith(Sink.foreach(probe::accept), system);
      // A failed consumer stalls its batch, which then fails through the deadline; say why.
      done.whenComplete((ok, error) -> {
        if (error != null) {
          System.err.println("BroadcastHub consumer failed: " + error);
        }
      });
      consumers[i] = done;
    }
  }

  @Override
  public void publish(Long[] values, Deadline deadline) {
    BoundedSourceQueue<Long> queue = this.queue;
    YieldingBackoff backoff = YieldingBackoff.sender();
    for (Long value : values) {
      QueueOfferResult result = queue.offer(value);
      if (result != QueueOfferResult.enqueued()) {
        backoff.reset();
        while (result == QueueOfferResult.dropped()) { // full: the hub is behind, try again
          deadline.check("room in the BroadcastHub's source queue (a consumer is behind)");
          backoff.idle();
          result = queue.offer(value);
        }
        if (result != QueueOfferResult.enqueued()) {
          throw new IllegalStateException("BroadcastHub source queue refused a value: " + result);
        }
      }
    }
  }

  @Override
  public void close() {
    queue.complete();
    for (CompletionStage<?> consumer : consumers) {
      await(consumer);
    }
    system.terminate();
    await(system.getWhenTerminated());
  }

  private static void await(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Closing is best effort: the trial's results are already in, and threads are daemons.
    }
  }
}
