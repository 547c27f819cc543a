package io.tributary.streams.describe;

import java.util.List;

/**
 * A component that can say which channels it uses: a runner the channel it receives from and its
 * dead-letter channel, a sink or publisher the channel it sends to.
 */
@FunctionalInterface
public interface Describable {

  /** @return the channels this component uses, one description per channel and action */
  List<ChannelDescription> describe();

  /**
   * Describes fixed channels, for components that are not objects of their own (a sink built by a
   * static factory, a hub topic).
   *
   * @param channels the descriptions
   * @return a describable that returns them
   */
  static Describable of(ChannelDescription... channels) {
    List<ChannelDescription> list = List.of(channels);
    return () -> list;
  }
}
