package io.tributary.streams.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AckCountdownTest {

  @Test
  void a_message_shared_by_three_branches_is_acknowledged_by_the_last_release_only() {
    AtomicInteger acks = new AtomicInteger();
    DeliveryTracker tracker = new DeliveryTracker();
    Delivery<String> d = tracker.open("order-1", acks::incrementAndGet).share(3);
    d.done();
    d.withValue(42).done(); // a transformed copy holds the same countdown
    assertThat(acks.get()).isZero();
    assertThat(d.countdown().references()).isEqualTo(1);
    assertThat(tracker.inFlight()).isEqualTo(1);
    d.done();
    assertThat(acks.get()).isEqualTo(1);
    assertThat(d.countdown().isDone()).isTrue();
    assertThat(tracker.opened()).isEqualTo(1);
    assertThat(tracker.acknowledged()).isEqualTo(1);
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void releasing_more_often_than_retained_acknowledges_once() {
    AtomicInteger acks = new AtomicInteger();
    AckCountdown countdown = new AckCountdown(acks::incrementAndGet);
    countdown.release();
    countdown.release();
    assertThat(acks.get()).isEqualTo(1);
    assertThat(countdown.references()).isZero();
  }

  @Test
  void branches_releasing_on_many_threads_acknowledge_exactly_once() throws Exception {
    int branches = 64;
    AtomicInteger acks = new AtomicInteger();
    Delivery<String> d = Delivery.of("x", acks::incrementAndGet).share(branches);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < branches; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        d.done();
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(acks.get()).isEqualTo(1);
  }

  @Test
  void a_delivery_says_what_was_wrong_with_a_bad_share() {
    Delivery<String> d = Delivery.of("x", Acknowledgement.NONE);
    assertThatThrownBy(() -> d.share(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("branches must be >= 1, was 0");
    assertThatThrownBy(() -> d.countdown().retain(-1)).hasMessage("n must be >= 0, was -1");
  }
}
