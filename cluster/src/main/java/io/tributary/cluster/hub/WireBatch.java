package io.tributary.cluster.hub;

import io.tributary.actors.TributarySerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Elements of one node's topic on their way to a remote subscriber, several per StreamRef message:
 * batches form only while the subscriber's demand lags (Pekko's {@code batch}), at most {@link
 * #MAX} elements each, so a subscriber keeping up gets one element per message. Elements are
 * numbered per subscription session (see {@link ResumableSession}): the batch carries the number of
 * its first element, the others follow without gaps. An empty batch is a keep-alive: it lets the
 * subscriber's StreamRef notice a lost message while no value is published. Not public API.
 *
 * @param first the session sequence number of the first element ({@code -1} for a keep-alive)
 * @param elements the elements, in publish order
 */
record WireBatch(long first, List<WireElement> elements) implements TributarySerializable {

  /** Most elements in one batch. */
  static final int MAX = 64;

  /** @return a batch holding the element {@code seq} */
  static WireBatch of(long seq, WireElement element) {
    List<WireElement> elements = new ArrayList<>(4);
    elements.add(element);
    return new WireBatch(seq, elements);
  }

  /** @return an empty batch: nothing new, the session is alive */
  static WireBatch keepAlive() {
    return new WireBatch(-1, List.of());
  }

  /** @return this batch with {@code next} appended (the batch is still being built on one stage) */
  WireBatch add(WireElement next) {
    elements.add(next);
    return this;
  }
}
