package io.tributary.bench.broadcast;

import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Closed;
import io.tributary.streams.BroadcastChannel.Lagged;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.BroadcastChannel.Receiver;
import java.util.concurrent.ThreadFactory;

/**
 * The contender under test: a {@link BroadcastChannel} whose receivers each run on a dedicated
 * thread calling {@link Receiver#drain(int, java.util.function.Consumer) drain} and backing off
 * like the Disruptor's yielding strategy when nothing is waiting; the sender calls {@link
 * BroadcastChannel#offer} and backs off the same way while it is refused.
 */
final class ChannelFanout implements Fanout {

  /** Values handed over per drain call (up to a whole ring, like a Disruptor handler's batch). */
  static final int DRAIN_BATCH = 1024;

  /** Spins of an idle receiver before it yields (overridable with -Dbench.receiverSpins for experiments). */
  static final int RECEIVER_SPINS = Integer.getInteger("bench.receiverSpins", 0);

  /** A paced sender checks the receivers' distance once per this many values. */
  static final int PACE_EVERY = 256;

  private final BroadcastChannel<Long> channel;
  private final Receiver<Long>[] receivers;
  private final Thread[] threads;
  /** Whether the sender keeps LAG receivers from lagging (see {@link Contender#CHANNEL_LAG_PACED}). */
  private final boolean paced;
  private final long paceLimit;
  /** Fallback stop signal, should a receiver not see the close. */
  private volatile boolean stopped;

  /** Subscribes one receiver per probe, with {@code policies[i]} for probe {@code i}, and starts their threads. */
  @SuppressWarnings("unchecked")
  ChannelFanout(int capacity, Policy[] policies, ReceiverProbe[] probes, boolean paced) {
    channel = BroadcastChannel.create(capacity, Policy.LAG);
    this.paced = paced;
    // A receiver at most this far behind cannot lag before the next check, PACE_EVERY values later.
    this.paceLimit = channel.capacity() - PACE_EVERY;
    receivers = new Receiver[probes.length];
    threads = new Thread[probes.length];
    ThreadFactory threadFactory = DaemonThreads.named("channel-receiver");
    for (int i = 0; i < probes.length; i++) {
      // Subscribe here, before any send: every receiver sees the whole first batch.
      Receiver<Long> receiver = channel.subscribe(policies[i]);
      ReceiverProbe probe = probes[i];
      receivers[i] = receiver;
      threads[i] = threadFactory.newThread(() -> receive(receiver, probe));
    }
    for (Thread thread : threads) {
      thread.start();
    }
  }

  private void receive(Receiver<Long> receiver, ReceiverProbe probe) {
    YieldingBackoff backoff = new YieldingBackoff(RECEIVER_SPINS);
    while (true) {
      int handed;
      try {
        handed = receiver.drain(DRAIN_BATCH, probe);
      } catch (Lagged e) {
        continue; // the receiver already skipped ahead and counted the loss in missed()
      } catch (Closed e) {
        return;
      }
      if (handed > 0) {
        backoff.reset();
      } else if (stopped) {
        return;
      } else {
        backoff.idle();
      }
    }
  }

  @Override
  public void publish(Long[] values, Deadline deadline) {
    BroadcastChannel<Long> channel = this.channel;
    YieldingBackoff backoff = YieldingBackoff.sender();
    int sinceCheck = 0;
    for (Long value : values) {
      if (paced && ++sinceCheck == PACE_EVERY) {
        sinceCheck = 0;
        awaitSlowestWithin(paceLimit, deadline);
      }
      if (!channel.offer(value)) {
        backoff.reset();
        do {
          deadline.check("room in the channel (a BACKPRESSURE receiver is behind)");
          backoff.idle();
        } while (!channel.offer(value));
      }
    }
  }

  /** Waits (yielding like the receivers) while some receiver has more than {@code limit} values pending. */
  private void awaitSlowestWithin(long limit, Deadline deadline) {
    YieldingBackoff backoff = YieldingBackoff.sender();
    for (Receiver<Long> receiver : receivers) {
      while (receiver.pending() > limit) {
        deadline.check("a LAG receiver to catch up with the paced sender");
        backoff.idle();
      }
    }
  }

  @Override
  public long missed(int index) {
    return receivers[index].missed();
  }

  @Override
  public void close() {
    channel.close(); // receivers drain what is left, then see Closed and end
    boolean ended = true;
    for (Thread thread : threads) {
      ended &= DaemonThreads.join(thread, 5_000);
    }
    if (!ended) {
      stopped = true;
      for (Thread thread : threads) {
        DaemonThreads.join(thread, 5_000);
      }
    }
  }
}
