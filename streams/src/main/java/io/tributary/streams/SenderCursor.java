package io.tributary.streams;

/** Left padding of {@link SenderCursor}. */
@SuppressWarnings("unused")
abstract class SenderCursorLhsPadding {
  protected long p01, p02, p03, p04, p05, p06, p07;
}

/** The sender-private state, written on every send. */
abstract class SenderCursorFields extends SenderCursorLhsPadding {
  /** The next sequence to publish. */
  protected long next;
  /** A lower bound of the slowest BACKPRESSURE receiver's position, refreshed when room runs out. */
  protected long gateCache;
}

/**
 * The sending side's own counters, guarded by the channel's send lock and padded so that writing
 * them on every send does not invalidate the cache line receivers read the channel's settings from.
 */
@SuppressWarnings("unused")
final class SenderCursor extends SenderCursorFields {
  protected long p11, p12, p13, p14, p15, p16, p17;
}
