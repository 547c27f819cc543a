package io.tributary.pipeline.component;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts of one pipeline component, read by its meters ({@code tributary.pipeline.component.*}): the
 * graph counts what enters and leaves each component; transforms count what they drop on purpose.
 */
public final class ComponentCounters {

  private final LongAdder in = new LongAdder();
  private final LongAdder out = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder errors = new LongAdder();

  /** An event entered the component. */
  public void onIn() {
    in.increment();
  }

  /** The component emitted an event. */
  public void onOut() {
    out.increment();
  }

  /** The component dropped an event on purpose (a filter, a sample, a throttle): it is done. */
  public void onDropped() {
    dropped.increment();
  }

  /** The component emitted an event on its error output ({@code _errors} of parse_json). */
  public void onError() {
    errors.increment();
  }

  /** @return events that entered */
  public long in() {
    return in.sum();
  }

  /** @return events emitted, on every output */
  public long out() {
    return out.sum();
  }

  /** @return events dropped on purpose */
  public long dropped() {
    return dropped.sum();
  }

  /** @return events emitted on the error output */
  public long errors() {
    return errors.sum();
  }
}
