package io.tributary.streams.describe;

import java.util.Locale;

/** What a component does on a channel, seen from the service that runs it. */
public enum Action {
  /** It consumes messages: a runner or a source. */
  RECEIVE,
  /** It produces messages: a sink or a publisher. */
  SEND;

  /** @return the name AsyncAPI uses, {@code receive} or {@code send} */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
