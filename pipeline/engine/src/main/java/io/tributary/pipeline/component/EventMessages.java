package io.tributary.pipeline.component;

import io.tributary.streams.describe.Action;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.PayloadDescription;
import java.util.ArrayList;
import java.util.List;

/** The message of a pipeline's broker channels in its AsyncAPI document: an event, a JSON object. */
public final class EventMessages {

  /** The message name. */
  public static final String NAME = "Event";

  private EventMessages() {}

  /** @return a pipeline event: a JSON object whose fields the config decides */
  public static MessageDescription event() {
    return MessageDescription.of(NAME, MessageDescription.JSON, PayloadDescription.anyObject())
        .withSummary("A pipeline event: a JSON object whose fields the pipeline config decides.");
  }

  /**
   * Replaces the message of every {@code receive} channel with {@link #event()} (keeping its headers
   * and bindings): a broker source's runner describes what its decoder reads, the pipeline reads events.
   *
   * @param channels a source's channels
   * @return the channels with pipeline events received
   */
  public static List<ChannelDescription> received(List<ChannelDescription> channels) {
    List<ChannelDescription> result = new ArrayList<>();
    for (ChannelDescription c : channels) {
      if (c.action() == Action.RECEIVE) {
        MessageDescription m = c.message();
        c = c.withMessage(event().withHeaders(m.headers(), m.otherHeaders()).withBindings(m.bindings()));
      }
      result.add(c);
    }
    return result;
  }
}
