package io.tributary.streams.processing;

/** How much order the processing runner keeps while it runs handlers concurrently. */
public enum OrderingMode {
  /**
   * One message at a time per partition (per source lane), in source order: the order a plain
   * consumer loop gives, with concurrency across partitions only.
   */
  ORDERED,
  /**
   * One message at a time per key, in source order, many keys at once: concurrency beyond the
   * partition count while each key's messages stay in order. Messages without a key fall back to
   * their partition's order.
   */
  ORDERED_PER_KEY,
  /** Any order: up to the parallelism at once, whatever their key or partition. */
  UNORDERED
}
