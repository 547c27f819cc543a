package io.tributary.cluster.hub;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tributary.actors.TributarySerializable;
import io.tributary.actors.hub.stream.HubSource;
import io.tributary.actors.internal.PekkoPayload;

/**
 * A {@link HubSource.Element} on its way through a StreamRef to another node: a value (its payload
 * written with the Pekko serializer bound to its class) or a lag notice. Not part of the public
 * API: subscribers see {@link HubSource.Value} and {@link HubSource.Lagged}.
 *
 * @param value the value, {@code null} for a lag notice
 * @param missed how many values a LAG subscription skipped, {@code -1} for a value
 */
record WireElement(
    @JsonSerialize(using = PekkoPayload.Writer.class) @JsonDeserialize(using = PekkoPayload.Reader.class)
    Object value,
    long missed) implements TributarySerializable {

  /** @return the wire form of {@code element} */
  static WireElement of(HubSource.Element<?> element) {
    if (element instanceof HubSource.Lagged<?> lagged) {
      return new WireElement(null, lagged.missed());
    }
    return new WireElement(((HubSource.Value<?>) element).value(), -1);
  }

  /** @return the element again */
  @SuppressWarnings("unchecked")
  <T> HubSource.Element<T> element() {
    return missed >= 0 ? new HubSource.Lagged<>(missed) : new HubSource.Value<>((T) value);
  }
}
