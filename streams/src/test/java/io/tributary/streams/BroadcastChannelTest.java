package io.tributary.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.BroadcastChannel.Closed;
import io.tributary.streams.BroadcastChannel.Lagged;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.BroadcastChannel.Receiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;

/** The channel's rules, one test each, without a stream runtime. */
class BroadcastChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Throwable failureOf(CompletionStage<?> stage) throws Exception {
    try {
      await(stage);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the stage to fail, it completed");
  }

  @Test
  void capacity_below_one_is_rejected_with_a_clear_message() {
    assertThatThrownBy(() -> BroadcastChannel.create(0, Policy.LAG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be >= 1, was 0");
  }

  @Test
  void capacity_is_rounded_up_to_a_power_of_two() {
    assertThat(BroadcastChannel.create(1, Policy.LAG).capacity()).isEqualTo(1);
    assertThat(BroadcastChannel.create(5, Policy.LAG).capacity()).isEqualTo(8);
    assertThat(BroadcastChannel.create(1024, Policy.LAG).capacity()).isEqualTo(1024);
  }

  @Test
  void every_receiver_gets_each_value_in_send_order() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(16, Policy.LAG);
    Receiver<Integer> rx1 = channel.subscribe();
    Receiver<Integer> rx2 = channel.subscribe();
    channel.send(10);
    channel.send(20);
    assertThat(await(rx1.recv())).isEqualTo(10);
    assertThat(await(rx1.recv())).isEqualTo(20);
    assertThat(await(rx2.recv())).isEqualTo(10);
    assertThat(await(rx2.recv())).isEqualTo(20);
  }

  @Test
  void a_receiver_sees_only_values_sent_after_it_subscribed() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(16, Policy.BACKPRESSURE);
    Receiver<Integer> early = channel.subscribe();
    channel.send(1);
    Receiver<Integer> late = channel.subscribe();
    channel.send(2);
    assertThat(await(early.recv())).isEqualTo(1);
    assertThat(await(early.recv())).isEqualTo(2);
    assertThat(await(late.recv())).isEqualTo(2);
    assertThat(late.poll()).isNull();
  }

  @Test
  void lagging_receiver_is_told_how_many_it_missed_then_gets_the_oldest_held_values() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(4, Policy.LAG);
    Receiver<Integer> rx = channel.subscribe();
    for (int i = 0; i < 10; i++) {
      assertThat(channel.offer(i)).isTrue();
    }
    Throwable lag = failureOf(rx.recv());
    assertThat(lag).isInstanceOf(Lagged.class);
    assertThat(((Lagged) lag).missed()).isEqualTo(6);
    assertThat(await(rx.recv())).isEqualTo(6);
    assertThat(await(rx.recv())).isEqualTo(7);
    assertThat(await(rx.recv())).isEqualTo(8);
    assertThat(await(rx.recv())).isEqualTo(9);
    assertThat(rx.missed()).isEqualTo(6);
  }

  @Test
  void a_lag_receiver_exactly_capacity_behind_misses_nothing_across_ring_wraps() {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(4, Policy.LAG);
    Receiver<Integer> rx = channel.subscribe();
    List<Integer> got = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 5; round++) { // 20 values: the 8-slot ring wraps twice
      for (int i = 0; i < 4; i++) {
        channel.offer(next++);
      }
      assertThat(rx.pending()).isEqualTo(4);
      if (round % 2 == 0) {
        assertThat(rx.drain(10, got::add)).isEqualTo(4);
      } else {
        for (int i = 0; i < 4; i++) {
          got.add(rx.poll());
        }
      }
    }
    assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    assertThat(rx.missed()).isZero();
    for (int i = 0; i < 5; i++) { // one more than the capacity: lags by exactly one
      channel.offer(next++);
    }
    assertThatThrownBy(rx::poll).isInstanceOf(Lagged.class)
        .satisfies(e -> assertThat(((Lagged) e).missed()).isEqualTo(1));
    assertThat(rx.poll()).isEqualTo(21);
    assertThat(rx.missed()).isEqualTo(1);
  }

  @Test
  void after_close_receivers_drain_what_was_sent_then_get_closed() throws Exception {
    BroadcastChannel<String> channel = BroadcastChannel.create(8, Policy.BACKPRESSURE);
    Receiver<String> rx = channel.subscribe();
    channel.send("a");
    channel.send("b");
    channel.close();
    assertThat(await(rx.recv())).isEqualTo("a");
    assertThat(await(rx.recv())).isEqualTo("b");
    assertThat(failureOf(rx.recv())).isInstanceOf(Closed.class);
    assertThat(failureOf(rx.recv())).isInstanceOf(Closed.class);
  }

  @Test
  void offer_and_send_fail_with_closed_after_close() throws Exception {
    BroadcastChannel<String> channel = BroadcastChannel.create(8, Policy.LAG);
    channel.close();
    assertThatThrownBy(() -> channel.offer("x")).isInstanceOf(Closed.class);
    assertThat(failureOf(channel.send("x"))).isInstanceOf(Closed.class);
  }

  @Test
  void a_waiting_recv_completes_with_closed_when_the_channel_closes() throws Exception {
    BroadcastChannel<String> channel = BroadcastChannel.create(8, Policy.LAG);
    Receiver<String> rx = channel.subscribe();
    CompletionStage<String> waiting = rx.recv();
    assertThat(waiting.toCompletableFuture().isDone()).isFalse();
    channel.close();
    assertThat(failureOf(waiting)).isInstanceOf(Closed.class);
  }

  @Test
  void a_waiting_recv_completes_when_a_value_is_sent() throws Exception {
    BroadcastChannel<String> channel = BroadcastChannel.create(8, Policy.LAG);
    Receiver<String> rx = channel.subscribe();
    CompletionStage<String> waiting = rx.recv();
    assertThat(waiting.toCompletableFuture().isDone()).isFalse();
    channel.offer("hello");
    assertThat(await(waiting)).isEqualTo("hello");
  }

  @Test
  void a_second_outstanding_recv_is_refused() throws Exception {
    BroadcastChannel<String> channel = BroadcastChannel.create(8, Policy.LAG);
    Receiver<String> rx = channel.subscribe();
    CompletionStage<String> first = rx.recv();
    assertThat(failureOf(rx.recv())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one recv() at a time");
    channel.offer("v");
    assertThat(await(first)).isEqualTo("v");
  }

  @Test
  void backpressure_offer_returns_false_when_the_slowest_receiver_is_capacity_behind() {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(4, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    for (int i = 0; i < 4; i++) {
      assertThat(channel.offer(i)).isTrue();
    }
    assertThat(channel.offer(4)).isFalse();
    assertThat(rx.poll()).isEqualTo(0);
    assertThat(channel.offer(4)).isTrue();
    assertThat(channel.offer(5)).isFalse();
  }

  @Test
  void backpressure_send_completes_once_a_recv_makes_room() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(2, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    channel.offer(0);
    channel.offer(1);
    CompletionStage<Done> parked = channel.send(2);
    assertThat(parked.toCompletableFuture().isDone()).isFalse();
    assertThat(channel.offer(3)).as("offer may not overtake a parked send").isFalse();
    assertThat(await(rx.recv())).isEqualTo(0);
    assertThat(await(parked)).isEqualTo(Done.getInstance());
    assertThat(await(rx.recv())).isEqualTo(1);
    assertThat(await(rx.recv())).isEqualTo(2);
  }

  @Test
  void closing_a_slow_receiver_releases_the_sender() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(2, Policy.BACKPRESSURE);
    Receiver<Integer> slow = channel.subscribe();
    channel.offer(0);
    channel.offer(1);
    CompletionStage<Done> parked = channel.send(2);
    assertThat(channel.offer(3)).isFalse();
    slow.close();
    assertThat(await(parked)).isEqualTo(Done.getInstance());
    assertThat(channel.offer(3)).isTrue();
    assertThat(channel.receiverCount()).isZero();
    assertThat(failureOf(slow.recv())).isInstanceOf(Closed.class);
  }

  @Test
  void a_lag_receiver_never_holds_back_the_sender_while_a_backpressure_one_does() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(4, Policy.BACKPRESSURE);
    Receiver<Integer> audit = channel.subscribe(Policy.BACKPRESSURE);
    Receiver<Integer> dashboard = channel.subscribe(Policy.LAG);
    List<Integer> audited = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      while (!channel.offer(i)) {
        audited.add(audit.poll()); // only the audit receiver reads while sending
      }
    }
    channel.close();
    Integer v;
    try {
      while ((v = audit.poll()) != null) {
        audited.add(v);
      }
    } catch (Closed expected) {
      // drained
    }
    assertThat(audited).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
    assertThatThrownBy(dashboard::poll).isInstanceOf(Lagged.class);
    assertThat(dashboard.missed()).isEqualTo(96);
    assertThat(dashboard.poll()).isEqualTo(96);
  }

  @Test
  void a_channel_without_receivers_accepts_and_drops_values() {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(2, Policy.BACKPRESSURE);
    for (int i = 0; i < 10; i++) {
      assertThat(channel.offer(i)).isTrue();
    }
    Receiver<Integer> rx = channel.subscribe();
    assertThat(rx.poll()).isNull();
    assertThat(channel.sentCount()).isEqualTo(10);
  }

  @Test
  void parked_sends_fail_with_closed_when_the_channel_closes_first() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(1, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    channel.offer(0);
    CompletionStage<Done> parked = channel.send(1);
    channel.close();
    assertThat(failureOf(parked)).isInstanceOf(Closed.class);
    assertThat(rx.poll()).isEqualTo(0);
    assertThatThrownBy(rx::poll).isInstanceOf(Closed.class);
  }

  @Test
  void drain_hands_over_waiting_values_in_order_up_to_max() {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(8, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    for (int i = 0; i < 5; i++) {
      channel.offer(i);
    }
    List<Integer> got = new ArrayList<>();
    assertThat(rx.drain(3, got::add)).isEqualTo(3);
    assertThat(rx.drain(10, got::add)).isEqualTo(2);
    assertThat(rx.drain(10, got::add)).isZero();
    assertThat(got).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void when_available_runs_once_a_value_arrives() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(8, Policy.LAG);
    Receiver<Integer> rx = channel.subscribe();
    CompletableFuture<Boolean> called = new CompletableFuture<>();
    rx.whenAvailable(() -> called.complete(true));
    assertThat(called).isNotDone();
    channel.offer(1);
    assertThat(called.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void null_values_are_refused() {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(8, Policy.LAG);
    assertThatThrownBy(() -> channel.offer(null)).isInstanceOf(NullPointerException.class);
  }
}
