package io.tributary.actors.hub;

import io.tributary.streams.BroadcastChannel.Policy;
import java.util.Objects;

/**
 * Defaults of an {@link EventHub}: the capacity and policy of topics created on first use, and the
 * largest batch delivered to a subscriber actor per acknowledgement.
 *
 * @param defaultCapacity capacity of implicitly created topics (rounded up to a power of two)
 * @param defaultPolicy policy of implicitly created topics
 * @param maxBatch most values in one {@link EventHub.Events} message
 */
public record HubSettings(int defaultCapacity, Policy defaultPolicy, int maxBatch) {

  /** Validates the settings. */
  public HubSettings {
    if (defaultCapacity < 1) {
      throw new IllegalArgumentException("defaultCapacity must be >= 1, was " + defaultCapacity);
    }
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
    }
  }

  /** Capacity 1024, BACKPRESSURE (lossless unless a subscriber asks for LAG), batches of up to 256. */
  public static HubSettings defaults() {
    return new HubSettings(1024, Policy.BACKPRESSURE, 256);
  }

  /** @return a copy with another default capacity */
  public HubSettings withDefaultCapacity(int capacity) {
    return new HubSettings(capacity, defaultPolicy, maxBatch);
  }

  /** @return a copy with another default policy */
  public HubSettings withDefaultPolicy(Policy policy) {
    return new HubSettings(defaultCapacity, policy, maxBatch);
  }

  /** @return a copy with another batch limit */
  public HubSettings withMaxBatch(int max) {
    return new HubSettings(defaultCapacity, defaultPolicy, max);
  }
}
