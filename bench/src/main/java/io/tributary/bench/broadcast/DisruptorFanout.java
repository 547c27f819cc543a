package io.tributary.bench.broadcast;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.concurrent.TimeUnit;

/**
 * The anchor: an LMAX Disruptor multicast, single producer, one {@link EventHandler} (hence one
 * thread) per receiver, all reading every event. Events hold a reference to the same pre-allocated
 * value objects the other contenders send.
 *
 * <p>The producer waits for room the way the channel's sender does ({@link YieldingBackoff}),
 * rather than with {@code RingBuffer.next()}'s {@code parkNanos(1)} loop: same sender-side idle
 * strategy for all spinning contenders, and a wait that can be bounded.
 */
final class DisruptorFanout implements Fanout {

  /** The ring buffer slot: a reference to the value, like the channel's ring. */
  private static final class ValueEvent {
    Long value;
  }

  private final Disruptor<ValueEvent> disruptor;
  private final RingBuffer<ValueEvent> ring;

  @SuppressWarnings("unchecked")
  DisruptorFanout(int capacity, WaitStrategy waitStrategy, ReceiverProbe[] probes) {
    disruptor = new Disruptor<>(ValueEvent::new, capacity, DaemonThreads.named("disruptor-handler"),
        ProducerType.SINGLE, waitStrategy);
    EventHandler<ValueEvent>[] handlers = new EventHandler[probes.length];
    for (int i = 0; i < probes.length; i++) {
      ReceiverProbe probe = probes[i];
      handlers[i] = (event, sequence, endOfBatch) -> probe.accept(event.value);
    }
    disruptor.handleEventsWith(handlers); // all in one group: a multicast, not a pipeline
    ring = disruptor.start();
  }

  @Override
  public void publish(Long[] values, Deadline deadline) {
    RingBuffer<ValueEvent> ring = this.ring;
    YieldingBackoff backoff = YieldingBackoff.sender();
    for (Long value : values) {
      if (!ring.hasAvailableCapacity(1)) {
        backoff.reset();
        do {
          deadline.check("room in the Disruptor ring (a handler is behind)");
          backoff.idle();
        } while (!ring.hasAvailableCapacity(1));
      }
      long sequence = ring.next(); // single producer with room: does not wait
      ring.get(sequence).value = value;
      ring.publish(sequence);
    }
  }

  @Override
  public void close() {
    try {
      disruptor.shutdown(5, TimeUnit.SECONDS); // every batch was consumed: returns at once
    } catch (TimeoutException e) {
      disruptor.halt();
    }
  }
}
