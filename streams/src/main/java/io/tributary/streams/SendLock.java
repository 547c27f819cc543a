package io.tributary.streams;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/** Left padding of {@link SendLock}. */
@SuppressWarnings("unused")
abstract class SendLockLhsPadding {
  protected long p01, p02, p03, p04, p05, p06, p07;
}

/** The lock word. */
abstract class SendLockState extends SendLockLhsPadding {
  protected volatile int state;
}

/**
 * The broadcast channel's sender lock: a test-and-set spin lock, because its critical sections are
 * a handful of stores that never block, and an uncontended {@code lock()}/{@code unlock()} pair then
 * costs one atomic instruction and a plain store (a monitor costs two atomics since Java 15 dropped
 * biased locking). Contended, it spins briefly, then yields, then parks for short naps, so a holder
 * preempted mid-section (likely with more threads than cores) does not burn a waiter's time slice.
 * Not reentrant. Padded: receivers poll cursors that must not share its cache line.
 */
final class SendLock extends SendLockState {
  private static final VarHandle STATE;
  private static final int SPINS = 64;
  private static final int YIELDS = 16;
  private static final long NAP_NANOS = 20_000;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SendLockState.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused")
  private long p11, p12, p13, p14, p15, p16, p17;

  void lock() {
    if (!STATE.compareAndSet(this, 0, 1)) {
      contended();
    }
  }

  void unlock() {
    STATE.setRelease(this, 0);
  }

  private void contended() {
    int rounds = 0;
    do {
      if (rounds < SPINS) {
        Thread.onSpinWait();
      } else if (rounds < SPINS + YIELDS) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(NAP_NANOS);
      }
      rounds++;
    } while (state != 0 || !STATE.compareAndSet(this, 0, 1));
  }
}
