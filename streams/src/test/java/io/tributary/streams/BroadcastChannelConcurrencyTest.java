package io.tributary.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.BroadcastChannel.Closed;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.BroadcastChannel.Receiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * Many senders, many receivers, BACKPRESSURE: every receiver gets every value, each sender's
 * values in order. Receivers consume in all three ways (recv futures, drain, stream source).
 */
class BroadcastChannelConcurrencyTest {

  private static final int SENDERS = 4;
  private static final int PER_SENDER = 100_000;
  private static final int TOTAL = SENDERS * PER_SENDER;

  /** A value tagged with its sender and per-sender sequence. */
  private record Tagged(int sender, int seq) {}

  @Test
  void four_senders_four_backpressure_receivers_every_receiver_gets_all_values_in_sender_order()
      throws Exception {
    ActorSystem system = ActorSystem.create("broadcast-channel-concurrency-test");
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 2);
    try {
      BroadcastChannel<Tagged> channel = BroadcastChannel.create(64, Policy.BACKPRESSURE);
      Receiver<Tagged> byRecv = channel.subscribe();
      Receiver<Tagged> byDrainA = channel.subscribe();
      Receiver<Tagged> byDrainB = channel.subscribe();
      Receiver<Tagged> bySource = channel.subscribe();

      List<CompletableFuture<List<Tagged>>> results = new ArrayList<>();
      results.add(consumeWithRecv(byRecv));
      results.add(CompletableFuture.supplyAsync(() -> consumeWithDrain(byDrainA), pool));
      results.add(CompletableFuture.supplyAsync(() -> consumeWithDrain(byDrainB), pool));
      results.add(bySource.source().runWith(Sink.seq(), system).toCompletableFuture());

      List<CompletableFuture<Void>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < PER_SENDER; i++) {
            Tagged value = new Tagged(sender, i);
            if (!channel.offer(value)) {
              channel.send(value).toCompletableFuture().join();
            }
          }
        }, pool));
      }
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      channel.close();

      for (CompletableFuture<List<Tagged>> result : results) {
        List<Tagged> got = result.get(60, TimeUnit.SECONDS);
        assertThat(got).hasSize(TOTAL);
        int[] nextSeq = new int[SENDERS];
        for (Tagged t : got) {
          assertThat(t.seq()).as("sender %d order", t.sender()).isEqualTo(nextSeq[t.sender()]);
          nextSeq[t.sender()]++;
        }
      }
      assertThat(channel.sentCount()).isEqualTo(TOTAL);
    } finally {
      pool.shutdownNow();
      system.terminate();
    }
  }

  @Test
  void lag_receivers_under_concurrent_senders_lose_only_what_they_count_and_keep_sender_order()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 2);
    try {
      BroadcastChannel<Tagged> channel = BroadcastChannel.create(16, Policy.LAG);
      List<Receiver<Tagged>> receivers = List.of(channel.subscribe(), channel.subscribe());
      List<CompletableFuture<List<Tagged>>> results = new ArrayList<>();
      for (Receiver<Tagged> rx : receivers) {
        results.add(CompletableFuture.supplyAsync(() -> consumeWithDrain(rx), pool));
      }
      List<CompletableFuture<Void>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < PER_SENDER; i++) {
            channel.offer(new Tagged(sender, i));
          }
        }, pool));
      }
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      channel.close();
      for (int r = 0; r < receivers.size(); r++) {
        List<Tagged> got = results.get(r).get(60, TimeUnit.SECONDS);
        assertThat(got.size() + receivers.get(r).missed()).isEqualTo(TOTAL);
        int[] lastSeq = {-1, -1, -1, -1};
        for (Tagged t : got) {
          assertThat(t.seq()).isGreaterThan(lastSeq[t.sender()]);
          lastSeq[t.sender()] = t.seq();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Tagged> consumeWithDrain(Receiver<Tagged> rx) {
    List<Tagged> got = new ArrayList<>(TOTAL);
    while (true) {
      try {
        if (rx.drain(128, got::add) > 0) {
          continue;
        }
      } catch (BroadcastChannel.Lagged lagged) {
        continue; // counted in rx.missed()
      } catch (Closed closed) {
        return got;
      }
      // Nothing waiting: park until the sender signals (no busy spin).
      CompletableFuture<Void> signal = new CompletableFuture<>();
      rx.whenAvailable(() -> signal.complete(null));
      signal.join();
    }
  }

  /**
   * The wake-up handshake under races: a receiver starts waiting in {@code recv()} at the moment
   * another thread sends one value (both released by a spin barrier), over and over. A lost
   * wake-up leaves a future incomplete, which fails the get.
   */
  @Test
  void a_waiting_receiver_is_woken_by_a_send_racing_with_its_wait() throws Exception {
    for (Policy policy : Policy.values()) {
      BroadcastChannel<Integer> channel = BroadcastChannel.create(16, policy);
      Receiver<Integer> rx = channel.subscribe();
      int rounds = 50_000;
      java.util.concurrent.atomic.AtomicInteger go = new java.util.concurrent.atomic.AtomicInteger(-1);
      Thread sender = new Thread(() -> {
        for (int i = 0; i < rounds; i++) {
          while (go.get() < i) {
            Thread.onSpinWait();
          }
          channel.offer(i);
        }
      }, "racing-sender");
      sender.setDaemon(true);
      sender.start();
      try {
        for (int i = 0; i < rounds; i++) {
          go.set(i);
          CompletableFuture<Integer> next = rx.recv().toCompletableFuture();
          assertThat(next.get(10, TimeUnit.SECONDS)).as("%s round %d", policy, i).isEqualTo(i);
        }
      } finally {
        sender.interrupt();
      }
    }
  }

  private static CompletableFuture<List<Tagged>> consumeWithRecv(Receiver<Tagged> rx) {
    CompletableFuture<List<Tagged>> done = new CompletableFuture<>();
    List<Tagged> got = new ArrayList<>(TOTAL);
    recvLoop(rx, got, done);
    return done;
  }

  private static void recvLoop(Receiver<Tagged> rx, List<Tagged> got, CompletableFuture<List<Tagged>> done) {
    // Iterate while values complete synchronously; recurse only through asynchronous completions.
    while (true) {
      CompletionStage<Tagged> next = rx.recv();
      CompletableFuture<Tagged> f = next.toCompletableFuture();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        got.add(f.join());
        continue;
      }
      next.whenComplete((value, error) -> {
        if (error instanceof Closed) {
          done.complete(got);
        } else if (error != null) {
          done.completeExceptionally(error);
        } else {
          got.add(value);
          recvLoop(rx, got, done);
        }
      });
      return;
    }
  }
}
