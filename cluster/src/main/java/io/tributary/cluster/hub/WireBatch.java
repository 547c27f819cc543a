package io.tributary.cluster.hub;

import io.tributary.actors.TributarySerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Elements of one node's topic on their way to a remote subscriber, several per StreamRef message:
 * batches form only while the subscriber's demand lags (Pekko's {@code batch}), at most {@link
 * #MAX} elements each, so a subscriber keeping up gets one element per message. Not public API.
 *
 * @param elements the elements, in publish order
 */
record WireBatch(List<WireElement> elements) implements TributarySerializable {

  /** Most elements in one batch. */
  static final int MAX = 64;

  /** @return a batch holding {@code first} */
  static WireBatch of(WireElement first) {
    List<WireElement> elements = new ArrayList<>(4);
    elements.add(first);
    return new WireBatch(elements);
  }

  /** @return this batch with {@code next} appended (the batch is still being built on one stage) */
  WireBatch add(WireElement next) {
    elements.add(next);
    return this;
  }
}
