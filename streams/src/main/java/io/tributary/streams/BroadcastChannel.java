package io.tributary.streams;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A bounded multi-producer, multi-consumer broadcast channel with Tokio's {@code broadcast}
 * semantics plus a lossless mode: use it to fan every event out to every active subscriber.
 *
 * <p>Each {@link #subscribe() receiver} sees every value sent after it subscribed, in send order
 * per sender. What happens when a receiver falls behind is its {@link Policy}:
 *
 * <ul>
 *   <li>{@link Policy#LAG} (Tokio's): the sender never waits for this receiver. A receiver that
 *       falls more than {@code capacity} values behind skips ahead to the oldest value still held
 *       and is told how many it missed ({@link Lagged}).
 *   <li>{@link Policy#BACKPRESSURE}: lossless. The slowest BACKPRESSURE receiver paces the
 *       sender: {@link #offer} returns {@code false} and {@link #send} waits while it is {@code
 *       capacity} values behind.
 * </ul>
 *
 * <p>Both kinds can subscribe to one channel at once: a lossless audit consumer and a best-effort
 * live dashboard share the same stream, and only the audit consumer holds the sender back.
 *
 * <p>The capacity is rounded up to the next power of two ({@link #capacity()} tells the value in
 * use). The channel holds at most that many values for its receivers, and keeps references to
 * at most twice as many (the ring has two slots per value of capacity, so that a LAG receiver
 * reading without a lock can never see a slot being overwritten under it): memory stays bounded
 * whatever the sender does. {@code null} values are refused.
 *
 * <p>Thread safety: any number of threads may send; each receiver is consumed by one thread at a
 * time (its {@link Receiver#recv()}, {@link Receiver#poll()}, {@link Receiver#drain} and {@link
 * Receiver#source()} are alternatives, not to be used concurrently). Senders serialize on a short
 * internal lock that is never held while receiver code runs; receivers read without locks.
 * Completions of {@link #send} and {@link Receiver#recv()} futures that had to wait run on the
 * channel's executor (the common pool unless given), never on another party's thread.
 *
 * @param <T> the type of the values
 */
public final class BroadcastChannel<T> {

  /** What a receiver does when it falls {@code capacity} values behind the sender. */
  public enum Policy {
    /** Skip ahead and report the number of values missed ({@link Lagged}); never hold back the sender. */
    LAG,
    /** Lose nothing: the slowest receiver of this policy paces the sender. */
    BACKPRESSURE
  }

  /**
   * Thrown (or failing a {@code recv()} future) when a {@link Policy#LAG} receiver fell more than
   * {@code capacity} values behind; the receiver has skipped to the oldest value still held, which
   * its next {@code recv()} returns.
   */
  public static final class Lagged extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long missed;

    /** @param missed how many values the receiver skipped in this lag event (at least 1) */
    public Lagged(long missed) {
      super("receiver lagged behind and missed " + missed + " values", null, false, false);
      this.missed = missed;
    }

    /** @return how many values were skipped in this lag event */
    public long missed() {
      return missed;
    }
  }

  /**
   * Thrown by {@code offer}/{@code send} after {@link #close()}, and by a receiver once it has
   * drained everything sent before the close (or after the receiver itself was closed).
   */
  public static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message which side was closed */
    public Closed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One subscriber's view of the channel: every value sent after it subscribed, in send order per
   * sender. Consume it with one of {@link #recv()}, {@link #poll()}, {@link #drain} or {@link
   * #source()}, from one thread at a time. Close it when done: an open BACKPRESSURE receiver that
   * is never read holds back the sender.
   *
   * @param <T> the type of the values
   */
  public interface Receiver<T> extends AutoCloseable {

    /**
     * The next value, as a future. Completes at once when a value is waiting, else when one is
     * sent (on the channel's executor). Fails with {@link Lagged} when this LAG receiver fell
     * behind (the following call returns the oldest value still held), and with {@link Closed}
     * once the channel is closed and drained, or this receiver closed.
     *
     * <p>One outstanding call at a time: a second call before the first completed fails with
     * {@link IllegalStateException}.
     */
    CompletionStage<T> recv();

    /**
     * The next value if one is waiting, else {@code null}; never waits.
     *
     * @throws Lagged when this LAG receiver fell behind (it skips ahead; call again)
     * @throws Closed when the channel is closed and drained, or this receiver closed
     */
    T poll();

    /**
     * Hands up to {@code max} waiting values to {@code handler}, in order, and returns how many it
     * handed over (0 when none is waiting); never waits. The fast path for batch consumers: the
     * read position is published once per batch slice, not per value. If the handler throws, the
     * values before the failing one count as consumed and the exception propagates.
     *
     * @throws Lagged when this LAG receiver had fallen behind before any value was handed over
     * @throws Closed when the channel is closed and drained, or this receiver closed
     */
    int drain(int max, Consumer<? super T> handler);

    /**
     * Calls {@code callback} once, as soon as {@link #poll()} would not return {@code null}
     * (a value, a lag or the close is waiting) — possibly at once on this thread, else on the
     * sending thread. The callback must be cheap and must not block: tell an actor, invoke a
     * stream's async callback, or submit to an executor. For integrations that bring their own
     * scheduling; {@link #recv()} and {@link #source()} are built on it.
     */
    void whenAvailable(Runnable callback);

    /**
     * This receiver as a Pekko Streams source (materialize it once). In LAG mode it skips lagged
     * values instead of failing and counts them in {@link #missed()}; it completes when the channel
     * is closed and drained. Cancelling the stream closes the receiver.
     */
    Source<T, NotUsed> source();

    /** @return this receiver's policy */
    Policy policy();

    /** @return the total number of values this receiver lost to lag (always 0 for BACKPRESSURE) */
    long missed();

    /** @return how many values are waiting for this receiver (at most the capacity) */
    long pending();

    /**
     * @return how many values this receiver consumed so far (read position minus where it started,
     *     less what it missed); a batch consumer publishes its position every few hundred values and at
     *     the end of each batch
     */
    long delivered();

    /** @return whether this receiver was closed (it then receives nothing more) */
    boolean isClosed();

    /** Unsubscribes: the receiver no longer holds back the sender; waiting calls fail with {@link Closed}. */
    @Override
    void close();
  }

  private static final VarHandle RING = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final int MAX_CAPACITY = 1 << 29; // the ring holds twice as many slots
  private static final CompletionStage<Done> SENT = CompletableFuture.completedStage(Done.getInstance());

  @SuppressWarnings("rawtypes")
  private static final ChannelReceiver[] NO_RECEIVERS = new ChannelReceiver[0];

  private final int capacity;
  private final int mask;
  private final Object[] ring;
  private final Policy defaultPolicy;
  private final Executor executor;
  /** Completes parked sends' futures in the order their values entered the channel. */
  private final Executor completions;

  /** Number of values published: readers may read every sequence below it. */
  private final Sequence published = new Sequence(0);

  private final SendLock sendLock = new SendLock();
  // Guarded by sendLock.
  private final SenderCursor cursor = new SenderCursor();
  private final ArrayDeque<PendingSend<T>> pendingSends = new ArrayDeque<>();
  // Written under sendLock, read anywhere.
  private volatile boolean sendersWaiting;
  private volatile boolean closed;
  private volatile ChannelReceiver<T>[] receivers = noReceivers();
  private volatile ChannelReceiver<T>[] gating = noReceivers();

  /**
   * Receivers currently waiting for a value: lets the sender skip the wake-up scan when zero.
   * Incremented before a receiver's callback is registered (see {@link #arm}), decremented by
   * whoever takes the callback: never below the number of receivers actually waiting.
   */
  private final AtomicInteger armed = new AtomicInteger();

  private BroadcastChannel(int capacity, Policy policy, Executor executor) {
    this.capacity = capacity;
    // Twice the capacity: the slot of a value still held (at most `capacity` behind the sender) is
    // never the one being written, so lagging readers validate with the published cursor alone.
    this.ring = new Object[capacity * 2];
    this.mask = ring.length - 1;
    this.defaultPolicy = policy;
    this.executor = executor;
    this.completions = new SerialExecutor(executor);
  }

  /**
   * Creates a channel whose waiting futures complete on the common fork-join pool.
   *
   * @param capacity how many values the channel holds, at least 1; rounded up to a power of two
   * @param policy the default policy of its receivers
   * @throws IllegalArgumentException when capacity is below 1 or above 2^29
   */
  public static <T> BroadcastChannel<T> create(int capacity, Policy policy) {
    return create(capacity, policy, ForkJoinPool.commonPool());
  }

  /**
   * Creates a channel whose waiting futures complete on {@code executor} (an actor system's
   * dispatcher, for instance).
   *
   * @see #create(int, Policy)
   */
  public static <T> BroadcastChannel<T> create(int capacity, Policy policy, Executor executor) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    if (capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity must be <= " + MAX_CAPACITY + ", was " + capacity);
    }
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(executor, "executor");
    int rounded = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    return new BroadcastChannel<>(rounded, policy, executor);
  }

  /** @return the capacity in use (the requested one rounded up to a power of two) */
  public int capacity() {
    return capacity;
  }

  /** @return the policy new receivers get from {@link #subscribe()} */
  public Policy policy() {
    return defaultPolicy;
  }

  /**
   * Puts a value in the channel if there is room; never waits. With LAG receivers only there is
   * always room; a BACKPRESSURE receiver that is {@code capacity} values behind (or earlier sends
   * still waiting for room) makes it return {@code false}. With no receivers the value is accepted
   * and dropped.
   *
   * @return whether the value was accepted
   * @throws Closed after {@link #close()}
   */
  public boolean offer(T value) {
    Objects.requireNonNull(value, "value");
    boolean wake;
    sendLock.lock();
    try {
      if (closed) {
        throw new Closed("channel is closed: cannot offer");
      }
      if (!pendingSends.isEmpty() || !hasRoomLocked()) {
        return false;
      }
      publishLocked(value);
      wake = anyArmedLocked();
    } finally {
      sendLock.unlock();
    }
    if (wake) {
      wakeAll();
    }
    return true;
  }

  /**
   * Puts a value in the channel, waiting for room if a BACKPRESSURE receiver is {@code capacity}
   * values behind. Values of one sender enter the channel in call order, whether or not they had
   * to wait.
   *
   * @return a stage that completes when the value is in the channel (already complete when there
   *     was room), or fails with {@link Closed} if the channel closes first
   */
  public CompletionStage<Done> send(T value) {
    Objects.requireNonNull(value, "value");
    CompletableFuture<Done> future = new CompletableFuture<>();
    try {
      if (sendOrPark(value, error -> completeLater(future, error))) {
        return SENT;
      }
    } catch (Closed e) {
      return CompletableFuture.failedFuture(e);
    }
    return future;
  }

  /**
   * Sends without allocating when there is room: returns {@code true} when the value entered the
   * channel now, {@code false} when it was parked behind the slowest BACKPRESSURE receiver (then
   * {@code onSent} runs once it entered, or with {@link Closed} if the channel closed first).
   *
   * @throws Closed when the channel is closed
   */
  boolean sendOrPark(T value, SendCallback onSent) {
    boolean sentNow;
    boolean wake;
    sendLock.lock();
    try {
      if (closed) {
        throw new Closed("channel is closed: cannot send");
      }
      sentNow = pendingSends.isEmpty() && hasRoomLocked();
      if (sentNow) {
        publishLocked(value);
      } else {
        pendingSends.add(new PendingSend<>(value, onSent));
        // Announce before re-checking room: a receiver that advanced meanwhile sees the flag.
        sendersWaiting = true;
        if (!publishPendingLocked()) {
          return false;
        }
      }
      wake = anyArmedLocked();
    } finally {
      sendLock.unlock();
    }
    if (wake) {
      wakeAll();
    }
    return sentNow;
  }

  /** Completes a parked send's future on the executor, so the caller's code never runs on a receiver's thread. */
  private void completeLater(CompletableFuture<Done> future, Throwable error) {
    if (error == null) {
      completions.execute(() -> future.complete(Done.getInstance()));
    } else {
      completions.execute(() -> future.completeExceptionally(error));
    }
  }

  /**
   * Subscribes a receiver with the channel's policy. It sees every value sent after this call.
   */
  public Receiver<T> subscribe() {
    return subscribe(defaultPolicy);
  }

  /**
   * Subscribes a receiver with its own policy: BACKPRESSURE receivers pace the sender, LAG
   * receivers never hold it back and lag instead.
   *
   * @throws Closed after {@link #close()}
   */
  public Receiver<T> subscribe(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    sendLock.lock();
    try {
      if (closed) {
        throw new Closed("channel is closed: cannot subscribe");
      }
      ChannelReceiver<T> receiver = new ChannelReceiver<>(this, policy, cursor.next);
      receivers = append(receivers, receiver);
      if (policy == Policy.BACKPRESSURE) {
        gating = append(gating, receiver);
      }
      return receiver;
    } finally {
      sendLock.unlock();
    }
  }

  /** @return the number of open receivers */
  public int receiverCount() {
    return receivers.length;
  }

  /** @return how many values were accepted since creation (including those sent with no receiver) */
  public long sentCount() {
    return published.get();
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the sending side: later {@code offer}/{@code send} fail with {@link Closed}, sends still
   * waiting for room fail with it too, and each receiver gets everything sent before the close,
   * then {@link Closed}. Idempotent.
   */
  public void close() {
    sendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      Closed failure = new Closed("channel closed before the value could be sent");
      for (PendingSend<T> p : pendingSends) {
        p.callback().sent(failure);
      }
      pendingSends.clear();
      sendersWaiting = false;
    } finally {
      sendLock.unlock();
    }
    wakeAll();
  }

  /**
   * A sink that sends every element into this channel with backpressure (it waits for room like
   * {@link #send}). When the stream completes or fails, the sink <b>closes the channel</b> after
   * its last element is in, so receivers drain and then see {@link Closed}; its materialized stage
   * completes then (or fails with the stream's failure). Use one such sink per channel.
   */
  public Sink<T, CompletionStage<Done>> sink() {
    return Sink.fromGraph(new ChannelSinkStage<>(this));
  }

  // ---- sender side internals (callers hold sendLock) ----

  private boolean hasRoomLocked() {
    SenderCursor c = cursor;
    if (c.next - c.gateCache < capacity) {
      return true;
    }
    c.gateCache = slowestGatingPosition();
    return c.next - c.gateCache < capacity;
  }

  private long slowestGatingPosition() {
    long min = cursor.next;
    for (ChannelReceiver<T> r : gating) {
      long p = r.position();
      if (p < min) {
        min = p;
      }
    }
    return min;
  }

  private void publishLocked(T value) {
    long seq = cursor.next;
    if (receivers.length > 0) { // with no receiver the value is accepted and dropped
      RING.setRelease(ring, (int) seq & mask, value);
    }
    cursor.next = seq + 1;
    // A release store suffices: an arming receiver re-checks for values under sendLock (see
    // readableAfterArming), so no StoreLoad fence is needed here to avoid a lost wake-up.
    published.setRelease(seq + 1);
  }

  /**
   * Whether a receiver waits for a wake-up. Read under sendLock, after publishing: a receiver
   * re-checks for values under the same lock after arming, so either it armed first (and this sees
   * it) or its re-check comes after the publication (and sees the value).
   */
  private boolean anyArmedLocked() {
    return armed.get() > 0;
  }

  /**
   * Moves parked sends into the channel while there is room, in order, and runs their callbacks
   * here, under the lock, so that completions are issued in channel order (callbacks only hand off).
   *
   * @return whether any parked send entered the channel
   */
  private boolean publishPendingLocked() {
    boolean any = false;
    while (!pendingSends.isEmpty() && hasRoomLocked()) {
      PendingSend<T> p = pendingSends.poll();
      publishLocked(p.value());
      p.callback().sent(null);
      any = true;
    }
    if (pendingSends.isEmpty()) {
      sendersWaiting = false;
    }
    return any;
  }

  // ---- called by receivers ----

  /** A BACKPRESSURE receiver advanced or left: parked sends may fit now. */
  void onGateAdvanced() {
    if (!sendersWaiting) {
      return;
    }
    boolean wake;
    sendLock.lock();
    try {
      wake = publishPendingLocked() && anyArmedLocked();
    } finally {
      sendLock.unlock();
    }
    if (wake) {
      wakeAll();
    }
  }

  void unsubscribe(ChannelReceiver<T> receiver) {
    sendLock.lock();
    try {
      receivers = remove(receivers, receiver);
      gating = remove(gating, receiver);
      // A departed receiver may have been the slowest: re-evaluate from the remaining ones.
      cursor.gateCache = slowestGatingPosition();
    } finally {
      sendLock.unlock();
    }
    onGateAdvanced();
  }

  /**
   * Counts a receiver as waiting. Called before its callback becomes visible to wakers: a waker
   * that takes the callback decrements a count that already includes it, so the count never drops
   * below the number of receivers actually waiting (else a send could skip a needed wake-up).
   */
  void arm() {
    armed.incrementAndGet();
  }

  /**
   * Evaluates an armed receiver's "is something readable" check under the send lock: a sender
   * publishes and reads {@link #armed} under the same lock, so either it sees this receiver armed
   * (and wakes it) or this check sees its value.
   */
  boolean readableAfterArming(BooleanSupplier readable) {
    sendLock.lock();
    try {
      return readable.getAsBoolean();
    } finally {
      sendLock.unlock();
    }
  }

  void disarm() {
    armed.decrementAndGet();
  }

  Sequence publishedCursor() {
    return published;
  }

  Object[] ring() {
    return ring;
  }

  Executor executor() {
    return executor;
  }

  boolean sendersWaiting() {
    return sendersWaiting;
  }

  private void wakeAll() {
    for (ChannelReceiver<T> r : receivers) {
      r.wake();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> ChannelReceiver<T>[] noReceivers() {
    return (ChannelReceiver<T>[]) NO_RECEIVERS;
  }

  private static <T> ChannelReceiver<T>[] append(ChannelReceiver<T>[] array, ChannelReceiver<T> r) {
    ChannelReceiver<T>[] copy = Arrays.copyOf(array, array.length + 1);
    copy[array.length] = r;
    return copy;
  }

  private static <T> ChannelReceiver<T>[] remove(ChannelReceiver<T>[] array, ChannelReceiver<T> r) {
    for (int i = 0; i < array.length; i++) {
      if (array[i] == r) {
        ChannelReceiver<T>[] copy = Arrays.copyOf(array, array.length - 1);
        System.arraycopy(array, i + 1, copy, i, array.length - i - 1);
        return copy;
      }
    }
    return array;
  }

  /**
   * How a parked send learns that its value entered the channel ({@code null}) or why not. Runs
   * under the sender lock: it must only hand off (enqueue, tell, invoke an async callback).
   */
  @FunctionalInterface
  interface SendCallback {
    void sent(Throwable failureOrNull);
  }

  private record PendingSend<T>(T value, SendCallback callback) {}

  @Override
  public String toString() {
    return "BroadcastChannel(capacity=" + capacity + ", policy=" + defaultPolicy + ", sent="
        + published.get() + ", receivers=" + receivers.length + (closed ? ", closed" : "") + ")";
  }
}
