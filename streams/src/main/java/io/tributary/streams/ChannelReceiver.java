package io.tributary.streams;

import io.tributary.streams.BroadcastChannel.Closed;
import io.tributary.streams.BroadcastChannel.Lagged;
import io.tributary.streams.BroadcastChannel.Policy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A receiver of a {@link BroadcastChannel}: its read position, lag accounting and the wake-up
 * handshake with the sender. Reads are lock-free; a read position is published with a volatile
 * store for BACKPRESSURE receivers because the sender's gate reads it.
 */
final class ChannelReceiver<T> implements BroadcastChannel.Receiver<T> {

  /** Values consumed between two publications of the read position inside one drain. */
  private static final int PUBLISH_EVERY = 256;
  /** Values a LAG receiver reads before checking once whether the sender lapped them. */
  private static final int LAG_CHUNK = 64;
  private static final VarHandle RING = MethodHandles.arrayElementVarHandle(Object[].class);

  private final BroadcastChannel<T> channel;
  private final Policy policy;
  private final boolean gatesSender;
  private final Sequence position;
  private final long start;
  // Copies of the channel's immutable layout and cursors: the hot path never touches the channel object.
  private final Object[] ring;
  private final int mask;
  private final int capacity;
  private final Sequence published;
  /** LAG receivers read a chunk here first, then validate it with one read of the published cursor. */
  private final Object[] chunk;
  private volatile long missed;
  private volatile boolean closed;

  /** The callback to run when something is readable; non-null while armed. */
  private final AtomicReference<Runnable> waiter = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<T>> pendingRecv = new AtomicReference<>();
  private final AtomicBoolean sourceMaterialized = new AtomicBoolean();
  private final Runnable recvWaker = this::scheduleRecvCompletion;
  private final BooleanSupplier readableCheck = this::readable;

  ChannelReceiver(BroadcastChannel<T> channel, Policy policy, long start) {
    this.channel = channel;
    this.policy = policy;
    this.gatesSender = policy == Policy.BACKPRESSURE;
    this.position = new Sequence(start);
    this.start = start;
    this.ring = channel.ring();
    this.mask = ring.length - 1;
    this.capacity = channel.capacity(); // logical; the ring holds twice as many slots
    this.published = channel.publishedCursor();
    this.chunk = gatesSender ? null : new Object[Math.min(LAG_CHUNK, capacity)];
  }

  @SuppressWarnings("unchecked")
  private T read(long sequence) {
    return (T) RING.getAcquire(ring, (int) sequence & mask);
  }

  long position() {
    return position.get();
  }

  @Override
  public Policy policy() {
    return policy;
  }

  @Override
  public long missed() {
    return missed;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public long delivered() {
    return Math.max(0, position.get() - start - missed);
  }

  @Override
  public long pending() {
    long behind = published.get() - position.get();
    return closed ? 0 : Math.max(0, Math.min(behind, capacity));
  }

  @Override
  public T poll() {
    long r = position.get();
    long available = availableFrom(r);
    if (available == 0) {
      return null;
    }
    T value = read(r);
    if (overwritten(r)) {
      throw lagged(r);
    }
    advanceTo(r + 1);
    return value;
  }

  @Override
  public int drain(int max, Consumer<? super T> handler) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    long r = position.get();
    long available = availableFrom(r);
    if (available == 0) {
      return 0;
    }
    int n = (int) Math.min(available, max);
    return gatesSender ? drainBackpressure(r, n, handler) : drainLag(r, n, handler);
  }

  /** A BACKPRESSURE receiver cannot be lapped: read and hand over, publishing progress as it goes. */
  @SuppressWarnings("unchecked")
  private int drainBackpressure(long r, int n, Consumer<? super T> handler) {
    Object[] ring = this.ring;
    int mask = this.mask;
    long end = r + n;
    long seq = r;
    try {
      while (seq < end) {
        // A plain read: the acquire read of the published cursor (availableFrom) already orders
        // it after the sender's write, and a BACKPRESSURE receiver's slots are never overwritten.
        handler.accept((T) ring[(int) seq & mask]);
        seq++;
        if (((seq - r) & (PUBLISH_EVERY - 1)) == 0 && seq < end) {
          advanceTo(seq);
        }
      }
    } finally {
      if (seq != r) {
        advanceTo(seq);
      }
    }
    return n;
  }

  /**
   * A LAG receiver reads a chunk, then checks once whether the sender overwrote any of it (one read
   * of the contended published cursor per chunk instead of per value), then hands it over.
   */
  @SuppressWarnings("unchecked")
  private int drainLag(long r, int n, Consumer<? super T> handler) {
    int handed = 0;
    while (handed < n) {
      long from = r + handed;
      int len = Math.min(n - handed, chunk.length);
      for (int i = 0; i < len; i++) {
        chunk[i] = read(from + i);
      }
      if (overwritten(from)) { // the oldest of the chunk was overwritten meanwhile
        java.util.Arrays.fill(chunk, 0, len, null);
        if (handed == 0) {
          throw lagged(from);
        }
        return handed; // report the lag on the next call, after the values already handed over
      }
      int i = 0;
      try {
        for (; i < len; i++) {
          handler.accept((T) chunk[i]);
          chunk[i] = null;
        }
      } finally {
        if (i < len) {
          java.util.Arrays.fill(chunk, i, len, null);
        }
        handed += i;
        advanceTo(r + handed);
      }
    }
    return handed;
  }

  /**
   * How many values can be read from {@code r}: 0 when none yet; throws {@link Closed} when none
   * will come, and {@link Lagged} when the receiver fell more than the capacity behind.
   */
  private long availableFrom(long r) {
    if (closed) {
      throw new Closed("receiver is closed");
    }
    long behind = published.get() - r;
    if (behind <= 0) {
      if (channel.isClosed() && r >= published.get()) {
        throw new Closed("channel is closed and drained");
      }
      return 0;
    }
    if (behind > capacity) {
      throw lagged(r);
    }
    return behind;
  }

  /**
   * Whether the slot of {@code seq}, just read, may have been (or be being) overwritten by a newer
   * value: the ring has {@code ring.length} slots, so the write that reuses it is the one of {@code
   * seq + ring.length}, which starts only once every earlier value is published. Reading the slot
   * with acquire, then the published cursor, makes this check see any write whose value was read.
   */
  private boolean overwritten(long seq) {
    // Only LAG receivers can be lapped: BACKPRESSURE ones gate the sender.
    return !gatesSender && published.get() - seq >= ring.length;
  }

  /** Skips to the oldest value still held, records the loss, and returns the signal to raise. */
  private Lagged lagged(long r) {
    long oldest = published.get() - capacity;
    long skipped = Math.max(1, oldest - r);
    missed += skipped;
    advanceTo(r + skipped);
    return new Lagged(skipped);
  }

  private void advanceTo(long sequence) {
    if (gatesSender) {
      position.setVolatile(sequence);
      channel.onGateAdvanced();
    } else {
      position.setRelease(sequence);
    }
  }

  /** Whether {@link #poll()} would return a value or throw now. */
  private boolean readable() {
    return closed || published.get() > position.get() || channel.isClosed();
  }

  @Override
  public void whenAvailable(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    channel.arm(); // counted before the callback is visible to wakers (see BroadcastChannel.arm)
    if (!waiter.compareAndSet(null, callback)) {
      channel.disarm();
      throw new IllegalStateException("a callback is already waiting on this receiver");
    }
    // Re-check after arming: a value published before the sender could see us armed is not missed.
    if (channel.readableAfterArming(readableCheck)) {
      wake();
    }
  }

  /** Runs the waiting callback, if any, exactly once. */
  void wake() {
    Runnable callback = waiter.getAndSet(null);
    if (callback != null) {
      channel.disarm();
      callback.run();
    }
  }

  @Override
  public CompletionStage<T> recv() {
    CompletableFuture<T> future = new CompletableFuture<>();
    if (!pendingRecv.compareAndSet(null, future)) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "recv() is already outstanding on this receiver: one recv() at a time, wait for it to complete"));
    }
    completeRecv();
    return future;
  }

  private void scheduleRecvCompletion() {
    channel.executor().execute(this::completeRecv);
  }

  /** Completes the outstanding recv() if something is readable, else waits for the next wake-up. */
  private void completeRecv() {
    CompletableFuture<T> future = pendingRecv.get();
    if (future == null) {
      return;
    }
    T value;
    try {
      value = poll();
    } catch (RuntimeException e) {
      pendingRecv.set(null);
      future.completeExceptionally(e);
      return;
    }
    if (value == null) {
      whenAvailable(recvWaker);
      return;
    }
    pendingRecv.set(null);
    future.complete(value);
  }

  @Override
  public Source<T, NotUsed> source() {
    return Source.fromGraph(new ReceiverSourceStage<>(this));
  }

  /** Guards the single materialization of {@link #source()}. */
  boolean claimSource() {
    return sourceMaterialized.compareAndSet(false, true);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    channel.unsubscribe(this);
    wake();
  }

  @Override
  public String toString() {
    return "Receiver(policy=" + policy + ", position=" + position + ", missed=" + missed
        + (closed ? ", closed" : "") + ")";
  }
}
