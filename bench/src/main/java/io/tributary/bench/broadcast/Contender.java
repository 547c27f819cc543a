package io.tributary.bench.broadcast;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.Arrays;

/**
 * The broadcast implementations compared, each wired by {@link #open} for one sender and the given
 * receivers. Names are JMH {@code @Param} values ({@code -p contender=CHANNEL_LAG,...}).
 */
public enum Contender {

  /** {@code BroadcastChannel}, every receiver LAG: the sender never waits, slow receivers skip. */
  CHANNEL_LAG {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return channel(capacity, probes, Policy.LAG, Policy.LAG);
    }
  },

  /**
   * {@code BroadcastChannel}, every receiver LAG, with receivers keeping up: the sender (not the
   * channel) checks every {@value ChannelFanout#PACE_EVERY} values how far the slowest receiver is
   * behind and waits while that is more than the capacity minus {@value ChannelFanout#PACE_EVERY}, so
   * no receiver can fall a whole capacity behind. This measures the LAG read path at
   * the rate its receivers sustain (what the goal "LAG, receivers keeping up" asks); {@link
   * #CHANNEL_LAG} measures the overrun case.
   */
  CHANNEL_LAG_PACED {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      Policy[] policies = new Policy[probes.length];
      Arrays.fill(policies, Policy.LAG);
      return new ChannelFanout(capacity, policies, probes, true);
    }
  },

  /** {@code BroadcastChannel}, every receiver BACKPRESSURE: lossless, the slowest paces the sender. */
  CHANNEL_BACKPRESSURE {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return channel(capacity, probes, Policy.BACKPRESSURE, Policy.BACKPRESSURE);
    }
  },

  /**
   * {@code BroadcastChannel}, receiver 0 BACKPRESSURE and the others LAG. With a single receiver
   * this is the same set-up as {@link #CHANNEL_BACKPRESSURE}.
   */
  CHANNEL_MIX {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return channel(capacity, probes, Policy.BACKPRESSURE, Policy.LAG);
    }
  },

  /** The anchor: Disruptor multicast with {@link YieldingWaitStrategy}. */
  DISRUPTOR_YIELDING {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return new DisruptorFanout(capacity, new YieldingWaitStrategy(), probes);
    }
  },

  /** Disruptor multicast with {@link BlockingWaitStrategy} (lock and condition; no spinning). */
  DISRUPTOR_BLOCKING {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return new DisruptorFanout(capacity, new BlockingWaitStrategy(), probes);
    }
  },

  /** Pekko Streams {@code BroadcastHub} fed by a bounded source queue. */
  PEKKO_BROADCAST_HUB {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return new PekkoHubFanout(capacity, probes);
    }
  },

  /** {@code java.util.concurrent.SubmissionPublisher}, one executor thread per subscriber. */
  SUBMISSION_PUBLISHER {
    @Override
    Fanout open(int capacity, ReceiverProbe[] probes) {
      return new SubmissionPublisherFanout(capacity, probes);
    }
  };

  /**
   * Builds and starts this contender: on return every receiver is attached and will see every
   * value published afterwards.
   *
   * @param capacity the buffer size (ring, hub buffer, per-subscriber buffer)
   * @param probes one per receiver: each receiver hands every value it gets to its probe
   */
  abstract Fanout open(int capacity, ReceiverProbe[] probes);

  private static Fanout channel(int capacity, ReceiverProbe[] probes, Policy first, Policy others) {
    Policy[] policies = new Policy[probes.length];
    Arrays.fill(policies, others);
    policies[0] = first;
    return new ChannelFanout(capacity, policies, probes, false);
  }
}
