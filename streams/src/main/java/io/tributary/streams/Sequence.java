package io.tributary.streams;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Left padding: keeps {@link Sequence#value} off the cache line of whatever the JVM lays out before it. */
@SuppressWarnings("unused")
abstract class SequenceLhsPadding {
  protected long p01, p02, p03, p04, p05, p06, p07;
}

/** The value itself, between two paddings. */
abstract class SequenceValue extends SequenceLhsPadding {
  protected volatile long value;
}

/** Right padding (superclass fields are laid out first, so the value sits between both paddings). */
@SuppressWarnings("unused")
abstract class SequenceRhsPadding extends SequenceValue {
  protected long p11, p12, p13, p14, p15, p16, p17;
}

/**
 * A position in a broadcast channel's stream of values, padded against false sharing because one
 * thread writes it while others poll it: the sender's cursor, each receiver's read position.
 *
 * <p>Plain reads are for the owning thread; {@link #get()} and the set methods give the memory
 * ordering other threads rely on, as documented on each.
 */
final class Sequence extends SequenceRhsPadding {
  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(SequenceValue.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Sequence(long initial) {
    VALUE.setRelease(this, initial);
  }

  /** Volatile read: sees every write that happened before the matching set. */
  long get() {
    return value;
  }

  /** Release store: cheap, orders every earlier write before this one; no StoreLoad barrier. */
  void setRelease(long v) {
    VALUE.setRelease(this, v);
  }

  /**
   * Volatile store: also orders this write before the thread's later reads. Needed where two
   * threads each write then read the other's flag (a sender parking while a receiver advances).
   */
  void setVolatile(long v) {
    value = v;
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
